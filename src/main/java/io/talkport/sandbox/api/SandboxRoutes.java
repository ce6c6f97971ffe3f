package io.talkport.sandbox.api;

import io.talkport.sandbox.SandboxRoute;

/**
 * Which simulated endpoint a method and path (after {@code /v1/{appId}}) address, before JAX-RS matches it: the
 * {@link SandboxRequestGuard} journals a call it refuses under the route it was meant for.
 */
final class SandboxRoutes {

    private SandboxRoutes() {
    }

    /** {@code rest} is the path after the app id, e.g. {@code /users/u1}; unknown shapes are {@code UNKNOWN}. */
    static SandboxRoute of(String method, String rest) {
        String[] s = rest.startsWith("/") ? rest.substring(1).split("/", -1) : rest.split("/", -1);
        int n = s.length;
        String first = n > 0 ? s[0] : "";
        return switch (first) {
            case "users" -> n == 1 ? pick(method, "PUT", SandboxRoute.USERS_BATCH_PUT, "GET", SandboxRoute.USERS_LIST)
                    : n == 2 ? pick(method, "PUT", SandboxRoute.USER_PUT, "GET", SandboxRoute.USER_GET)
                    : n == 3 && s[2].equals("conversations") && method.equals("GET") ? SandboxRoute.USER_CONVERSATIONS
                    : SandboxRoute.UNKNOWN;
            case "conversations" -> conversations(method, s);
            case "import" -> n == 4 && s[1].equals("conversations") && s[3].equals("messages")
                    && method.equals("POST") ? SandboxRoute.IMPORT : SandboxRoute.UNKNOWN;
            case "files" -> n == 1 && method.equals("POST") ? SandboxRoute.FILES_POST : SandboxRoute.UNKNOWN;
            case "batch" -> n == 1 && method.equals("POST") ? SandboxRoute.BATCH : SandboxRoute.UNKNOWN;
            default -> SandboxRoute.UNKNOWN;
        };
    }

    private static SandboxRoute conversations(String method, String[] s) {
        int n = s.length;
        if (n == 1) {
            return method.equals("GET") ? SandboxRoute.CONVERSATIONS_LIST : SandboxRoute.UNKNOWN;
        }
        if (n == 2) {
            return switch (method) {
                case "PUT" -> SandboxRoute.CONVERSATION_PUT;
                case "GET" -> SandboxRoute.CONVERSATION_GET;
                case "DELETE" -> SandboxRoute.CONVERSATION_DELETE;
                default -> SandboxRoute.UNKNOWN;
            };
        }
        if (n == 4 && s[2].equals("participants")) {
            return switch (method) {
                case "PUT" -> SandboxRoute.PARTICIPANT_PUT;
                case "PATCH" -> SandboxRoute.PARTICIPANT_PATCH;
                case "DELETE" -> SandboxRoute.PARTICIPANT_DELETE;
                default -> SandboxRoute.UNKNOWN;
            };
        }
        if (n == 3 && s[2].equals("messages")) {
            return pick(method, "GET", SandboxRoute.MESSAGES_LIST, "POST", SandboxRoute.MESSAGES_SEND);
        }
        if (n == 4 && s[2].equals("messages") && method.equals("GET")) {
            return SandboxRoute.MESSAGE_GET;
        }
        if (n >= 6 && s[2].equals("messages") && s[4].equals("reactions")) {
            return reactions(method, n);
        }
        return SandboxRoute.UNKNOWN;
    }

    /** {@code /conversations/c/messages/m/reactions/emoji[/userId]}. */
    private static SandboxRoute reactions(String method, int n) {
        if (n == 6) {
            return method.equals("GET") ? SandboxRoute.REACTIONS_LIST : SandboxRoute.UNKNOWN;
        }
        return n == 7 ? pick(method, "PUT", SandboxRoute.REACTION_PUT, "DELETE", SandboxRoute.REACTION_DELETE)
                : SandboxRoute.UNKNOWN;
    }

    private static SandboxRoute pick(String method, String m1, SandboxRoute r1, String m2, SandboxRoute r2) {
        return method.equals(m1) ? r1 : method.equals(m2) ? r2 : SandboxRoute.UNKNOWN;
    }
}
