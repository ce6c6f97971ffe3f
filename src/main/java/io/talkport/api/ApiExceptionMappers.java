package io.talkport.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.talkport.job.ConfirmationMismatchException;
import io.talkport.job.IllegalTransitionException;
import io.talkport.job.RunRefusedException;
import io.talkport.job.JobNotFoundException;
import io.talkport.job.UploadRejectedException;
import io.talkport.talkjs.TalkJsException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns every exception into a JSON answer with a clear message: the one place where errors are mapped.
 * Never a stack trace or a class name.
 */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public Response notFound(JobNotFoundException e) {
        return answer(404, "not_found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response badRequest(BadRequestException e) {
        return answer(400, "bad_request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response uploadRejected(UploadRejectedException e) {
        return answer(e.status(), e.status() == 413 ? "too_large" : "bad_upload", e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(IllegalTransitionException e) {
        return answer(409, "conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response runRefused(RunRefusedException e) {
        return answer(409, "refused", e.getMessage());
    }

    @ServerExceptionMapper
    public Response confirmation(ConfirmationMismatchException e) {
        return answer(400, "confirmation_mismatch", e.getMessage());
    }

    /**
     * A body that could not be read: a multipart body whose boundary does not match its Content-Type, or that ends
     * early (400, nothing stored); any other I/O failure is the server's (500, logged).
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Request too large")) {
            // A chunked body passed its route's limit (BodyLimitFilter): 413 is already on its way, connection closing.
            return answer(413, "too_large", "The request body is larger than this address accepts "
                    + "(talkport.http.body-limit, talkport.http.body-limits).");
        }
        if (message.contains("multipart") || message.contains("boundary")) {
            return answer(400, "bad_multipart", "The multipart body could not be read: it ended early or its parts "
                    + "do not use the boundary named in the Content-Type header. Send the bundle as the multipart "
                    + "part 'file' (curl -F file=@bundle.zip).");
        }
        return unexpected(new java.io.UncheckedIOException(e));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 404 -> "Nothing is at this address.";
            case 405 -> "This address does not accept that method.";
            case 413 -> "The upload is larger than the server accepts.";
            case 415 -> "This address does not accept that content type.";
            default -> status < 500 ? "The request could not be processed." : "The server could not answer.";
        };
        if (status < 500 && e.getMessage() != null && e.getCause() == null && status != 404) {
            message = message + " " + e.getMessage();
        }
        return answer(status, "http_" + status, message);
    }

    /** TalkJS could not be read or written for a request that needs it now (a plan, a removal): 502. */
    @ServerExceptionMapper
    public Response talkJs(TalkJsException e) {
        return answer(502, "talkjs", "TalkJS did not answer as needed: " + e.getMessage() + " Try again later.");
    }

    /**
     * A body that is not JSON, or JSON of the wrong shape: 400 with where and what, never a class name (Jackson's own
     * messages name our classes).
     */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        if (e instanceof JsonMappingException mapping && !(e instanceof JsonParseException)) {
            String field = mapping.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName()
                    : "[" + ref.getIndex() + "]").collect(Collectors.joining("."));
            return answer(400, "bad_json", "The JSON body does not have the expected shape" + where
                    + (field.isEmpty() ? "" : " (field \"" + field + "\")")
                    + ": check the field names and value types in docs/api.md.");
        }
        return answer(400, "bad_json", "The request body is not valid JSON" + where + ".");
    }

    /** Jackson's syntax errors: Quarkus maps them itself to an empty 400 unless a mapper names the exact type. */
    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return malformedJson((JsonProcessingException) e);
    }

    /** A value of the wrong type; Quarkus maps it itself to an empty 400 unless a mapper names the exact type. */
    @ServerExceptionMapper
    public Response wrongJsonShape(MismatchedInputException e) {
        return malformedJson((JsonProcessingException) e);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        String ref = UUID.randomUUID().toString().substring(0, 8);
        Log.errorf(e, "Unexpected error (ref %s)", ref);
        return answer(500, "internal", "Something went wrong on the server (ref " + ref
                + "); the server log has the details.");
    }

    static Response answer(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(code, message)).build();
    }
}
