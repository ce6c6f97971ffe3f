package io.talkport.sandbox.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxAudit;
import io.talkport.sandbox.SandboxException;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.sandbox.api.SandboxViews;
import io.talkport.sandbox.ops.FaultRule;
import io.talkport.sandbox.ops.FaultSettings;
import io.talkport.sandbox.ops.SandboxFaults;
import io.talkport.sandbox.ops.JournalEntry;
import io.talkport.sandbox.ops.SandboxJournal;
import io.talkport.sandbox.ops.TokenBucket;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Test and operator control of one sandbox app, as JSON: state, reset, faults, rate limit, journal, message dump
 * and a full export. Usable from another process (e.g. a crash test that runs the sandbox separately). Operators
 * only ({@code quarkus.http.auth.permission.sandbox-control}); a browser session also needs the CSRF token (the app's
 * CSRF filter); every change is a row in the audit trail ({@link SandboxAudit}).
 */
@Path("/sandbox/control/{appId}")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxControlResource {

    /** Body of {@code PUT faults}: random settings (optional) and scripts (optional), replacing the current ones. */
    public record FaultsRequest(FaultSettings random, List<FaultRule> scripts) {
    }

    /** Body of {@code PUT rate-limit}. */
    public record RateLimit(double rate, int burst) {
        static RateLimit of(TokenBucket bucket) {
            return new RateLimit(bucket.rate(), bucket.burst());
        }
    }

    /** Answer of {@code GET journal}. */
    public record Journal(long size, SandboxJournal.Counters counters, List<JournalEntry> entries) {
    }

    private final TalkJsSandbox sandbox;
    private final ObjectMapper mapper;
    private final SandboxAudit audit;

    @Context
    HttpServerRequest request;

    @Context
    SecurityContext security;

    SandboxControlResource(TalkJsSandbox sandbox, ObjectMapper mapper, SandboxAudit audit) {
        this.sandbox = sandbox;
        this.mapper = mapper;
        this.audit = audit;
    }

    private void audit(String action, String appId, String detail) {
        audit.record(security.getUserPrincipal(), action, appId, detail);
    }

    @GET
    @Path("state")
    public SandboxApp.State state(@RestPath String appId) {
        return sandbox.app(appId).state();
    }

    /** "Reset all data"; with {@code everything=true} also journal, counters, faults and rate limit. */
    @POST
    @Path("reset")
    public SandboxApp.State reset(@RestPath String appId, @RestQuery boolean everything) {
        SandboxApp app = sandbox.app(appId);
        if (everything) {
            app.resetEverything();
        } else {
            app.resetData();
        }
        audit("sandbox.reset", appId, everything ? "reset everything (data, journal, faults, rate limits)"
                : "reset all data");
        return app.state();
    }

    @GET
    @Path("faults")
    public SandboxFaults.View faults(@RestPath String appId) {
        return sandbox.app(appId).faults().view();
    }

    @PUT
    @Path("faults")
    @Consumes(MediaType.APPLICATION_JSON)
    public SandboxFaults.View putFaults(@RestPath String appId, FaultsRequest body) {
        SandboxFaults faults = sandbox.app(appId).faults();
        faults.configure(body == null || body.random() == null ? FaultSettings.NONE : body.random(),
                body == null || body.scripts() == null ? List.of() : body.scripts());
        audit("sandbox.faults", appId, "faults replaced");
        return faults.view();
    }

    /** Appends one script, keeping the others and the random settings. */
    @POST
    @Path("faults/scripts")
    @Consumes(MediaType.APPLICATION_JSON)
    public SandboxFaults.View addFaultScript(@RestPath String appId, FaultRule rule) {
        SandboxFaults faults = sandbox.app(appId).faults();
        faults.addScript(rule);
        audit("sandbox.faults", appId, "fault script added");
        return faults.view();
    }

    @DELETE
    @Path("faults")
    public SandboxFaults.View clearFaults(@RestPath String appId) {
        SandboxFaults faults = sandbox.app(appId).faults();
        faults.clear();
        audit("sandbox.faults", appId, "faults cleared");
        return faults.view();
    }

    @GET
    @Path("rate-limit")
    public RateLimit rateLimit(@RestPath String appId) {
        return RateLimit.of(sandbox.app(appId).rateLimiter());
    }

    /** A rate of 0 or less turns limiting off. */
    @PUT
    @Path("rate-limit")
    @Consumes(MediaType.APPLICATION_JSON)
    public RateLimit putRateLimit(@RestPath String appId, RateLimit body) {
        RateLimit set = configure(sandbox.app(appId).rateLimiter(), body);
        audit("sandbox.rate-limit", appId, "rate " + set.rate() + "/s, burst " + set.burst());
        return set;
    }

    @GET
    @Path("batch-rate-limit")
    public RateLimit batchRateLimit(@RestPath String appId) {
        return RateLimit.of(sandbox.app(appId).batchRateLimiter());
    }

    /** The batch endpoint's own budget; a rate of 0 or less turns limiting off. */
    @PUT
    @Path("batch-rate-limit")
    @Consumes(MediaType.APPLICATION_JSON)
    public RateLimit putBatchRateLimit(@RestPath String appId, RateLimit body) {
        RateLimit set = configure(sandbox.app(appId).batchRateLimiter(), body);
        audit("sandbox.rate-limit", appId, "batch rate " + set.rate() + "/s, burst " + set.burst());
        return set;
    }

    private static RateLimit configure(TokenBucket bucket, RateLimit body) {
        if (body == null || body.burst() < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
        bucket.configure(body.rate(), body.burst());
        return RateLimit.of(bucket);
    }

    /** Entries after {@code after} (a seq), oldest first, optionally of one route (e.g. IMPORT). */
    @GET
    @Path("journal")
    public Journal journal(@RestPath String appId, @RestQuery Long after, @RestQuery String route,
                           @RestQuery Integer limit) {
        SandboxJournal journal = sandbox.app(appId).journal();
        int max = limit == null ? 1000 : Math.max(1, Math.min(limit, 100_000));
        return new Journal(journal.size(), journal.counters(),
                journal.entries(after == null ? 0 : after, route, max));
    }

    @DELETE
    @Path("journal")
    public Journal clearJournal(@RestPath String appId) {
        sandbox.app(appId).journal().clear();
        audit("sandbox.journal-clear", appId, "journal cleared");
        return journal(appId, null, null, 1);
    }

    /** Every message of one conversation, oldest first (createdAt, then insertion). */
    @GET
    @Path("messages")
    public Map<String, Object> messages(@RestPath String appId, @RestQuery String conversationId) {
        var conversation = sandbox.app(appId).conversation(conversationId == null ? "" : conversationId);
        if (conversation == null) {
            throw SandboxException.notFound("CONVERSATION_NOT_FOUND", "There is no conversation with this id");
        }
        String base = baseUrl();
        return SandboxViews.data(conversation.allMessages().stream()
                .map(m -> SandboxViews.message(m, conversation.reactions(m.id()), base)).toList());
    }

    /** Users, conversations with participants and all messages, streamed (it can be large). */
    @GET
    @Path("export")
    public Response export(@RestPath String appId) {
        SandboxApp app = sandbox.app(appId);
        StreamingOutput body = new SandboxExport(app, mapper, baseUrl())::write;
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @ServerExceptionMapper
    public Response sandboxError(SandboxException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(e.body()).build();
    }

    @ServerExceptionMapper
    public Response badArgument(IllegalArgumentException e) {
        return sandboxError(SandboxException.badRequest("INVALID_ARGUMENT", e.getMessage()));
    }

    private String baseUrl() {
        URI uri = URI.create(request.absoluteURI());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
