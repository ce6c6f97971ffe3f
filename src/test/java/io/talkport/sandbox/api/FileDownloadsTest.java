package io.talkport.sandbox.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileDownloadsTest {

    @Test
    void onlyInertTypesAreServedAsUploaded() {
        assertThat(FileDownloads.servedType("image/png")).isEqualTo("image/png");
        assertThat(FileDownloads.servedType("IMAGE/JPEG; x=y")).isEqualTo("image/jpeg");
        assertThat(FileDownloads.servedType("video/mp4")).isEqualTo("video/mp4");
        assertThat(FileDownloads.servedType("audio/ogg")).isEqualTo("audio/ogg");
        assertThat(FileDownloads.servedType("text/plain")).isEqualTo("text/plain; charset=utf-8");
        assertThat(FileDownloads.servedType("application/pdf")).isEqualTo("application/pdf");
        for (String active : new String[] {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml",
                "application/xml", "application/javascript", "text/javascript", "application/ecmascript",
                "text/css", "application/x-shockwave-flash", "multipart/x-mixed-replace", "audio/../text/html",
                "video/mp4\r\nX-Injected: 1", "", null, "text/html;charset=utf-8", "application/octet-stream"}) {
            assertThat(FileDownloads.servedType(active)).as(String.valueOf(active))
                    .isEqualTo("application/octet-stream");
        }
    }

    @Test
    void dispositionIsAnAttachmentWithASafeName() {
        assertThat(FileDownloads.disposition("cat \"1\";.png"))
                .isEqualTo("attachment; filename=\"cat _1__.png\"; filename*=UTF-8''cat%20%221%22%3B.png");
        assertThat(FileDownloads.disposition("été\r\n.txt"))
                .isEqualTo("attachment; filename=\"_t___.txt\"; filename*=UTF-8''%C3%A9t%C3%A9%0D%0A.txt");
    }
}
