/**
 * The TalkJS sandbox: an in-memory simulator of the TalkJS REST API, strict where TalkJS is strict (and where
 * TalkJS is undocumented), so a client that passes against it does not fail against TalkJS.
 *
 * <h2>Map</h2>
 * <ul>
 *   <li>{@code /sandbox/talkjs/v1/{appId}/...}: the API ({@code api.SandboxApiResource}); a client uses the base URL
 *   {@code http://host:port/sandbox/talkjs} in place of {@code https://api.talkjs.com}. Every call passes
 *   {@code api.SandboxGateway}: auth → rate limit → latency/faults → endpoint → journal.</li>
 *   <li>{@code /sandbox/talkjs/files/{appId}/{token}/{filename}}: serves uploaded bytes (the {@code attachment.url}).</li>
 *   <li>{@code /sandbox/control/{appId}/...}: JSON control API for tests and operators
 *   ({@code control.SandboxControlResource}); {@code io.talkport.testsupport.SandboxHandle} wraps it.</li>
 *   <li>{@code /sandbox}: browse pages ({@code web.SandboxPages}).</li>
 *   <li>{@link io.talkport.sandbox.TalkJsSandbox}: the in-process handle; state lives in one
 *   {@link io.talkport.sandbox.SandboxApp} per configured app.</li>
 * </ul>
 * Everything answers 404 unless {@code talkjs.sandbox.enabled=true} ({@link io.talkport.sandbox.SandboxEnabledFilter}).
 */
package io.talkport.sandbox;
