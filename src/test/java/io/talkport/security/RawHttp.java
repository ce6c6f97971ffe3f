package io.talkport.security;

import io.restassured.RestAssured;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 request over a plain socket, for what REST Assured cannot send: a declared length that never arrives,
 * an endless chunked body, a path exactly as written. The answer is read on another thread while the body is still
 * being sent, so a server that answers early (and closes) is seen as such.
 */
final class RawHttp {

    /** The status line and headers of the answer, the body bytes the client managed to send, and the time taken. */
    record Answer(String head, String body, long bytesSent, long millis) {
        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, without the blank line) then up to {@code bodyBytes} of body. */
    static Answer send(String head, long bodyBytes, boolean chunked) throws Exception {
        return send(head, "", bodyBytes, chunked);
    }

    /** As above, the body starting with {@code prefix} (e.g. an unterminated JSON string that the rest extends). */
    static Answer send(String head, String prefix, long bodyBytes, boolean chunked) throws Exception {
        long start = System.nanoTime();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> read(socket));
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n" + (chunked ? "Transfer-Encoding: chunked\r\n" : "") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long sent = 0;
            if (!prefix.isEmpty()) {
                byte[] opening = prefix.getBytes(StandardCharsets.UTF_8);
                if (chunked) {
                    out.write((Integer.toHexString(opening.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(opening);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                sent = opening.length;
            }
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'a');
            try {
                while (sent < bodyBytes && !answer.isDone()) {
                    int size = (int) Math.min(chunk.length, bodyBytes - sent);
                    if (chunked) {
                        out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(chunk, 0, size);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    sent += size;
                }
                if (chunked && sent >= bodyBytes) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException closedByServer) {
                // the server answered and closed the connection: what we wait for
            }
            String text = answer.get(30, TimeUnit.SECONDS);
            int split = text.indexOf("\r\n\r\n");
            return new Answer(split < 0 ? text : text.substring(0, split), split < 0 ? "" : text.substring(split + 4),
                    sent, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Reads until the server closes the connection or a complete answer with Content-Length has arrived. */
    private static String read(Socket socket) {
        StringBuilder text = new StringBuilder();
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (complete(text)) {
                    break;
                }
            }
        } catch (IOException e) {
            // reset after the answer: keep what arrived
        }
        return text.toString();
    }

    private static boolean complete(StringBuilder text) {
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) {
            return false;
        }
        String head = text.substring(0, split).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int end = head.indexOf("\r\n", at);
        long length = Long.parseLong(head.substring(at + 15, end < 0 ? head.length() : end).trim());
        return text.length() - split - 4 >= length;
    }
}
