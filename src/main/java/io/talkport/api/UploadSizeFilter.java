package io.talkport.api;

import io.talkport.job.JobConfig;
import io.talkport.job.JobService;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;


/**
 * Refuses an oversized bundle from its Content-Length, before a byte of it is written to disk, with a clear JSON
 * answer (the HTTP layer's own cap sits higher and would only answer a bare 413).
 */
public class UploadSizeFilter {

    /** Room for the multipart envelope and the name part around the file. */
    private static final long ENVELOPE_BYTES = 64 * 1024;

    private final JobConfig config;

    public UploadSizeFilter(JobConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Response checkSize(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod()) || !request.getUriInfo().getPath().equals("/api/jobs")) {
            return null;
        }
        String length = request.getHeaderString("Content-Length");
        if (length == null) {
            return null;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (bytes <= config.maxBytes() + ENVELOPE_BYTES) {
            return null;
        }
        return ApiExceptionMappers.answer(413, "too_large", JobService.tooLargeMessage(bytes, config.maxBytes()));
    }
}
