package io.talkport.api;

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

import java.util.UUID;

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

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
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
