package io.talkport.testsupport;

/** Small valid bundles for tests that need a READY job, not a particular bundle. */
public final class SmallBundles {

    private SmallBundles() {
    }

    /** Two users, one conversation, two messages and one message from an unknown sender (an issue row). */
    public static byte[] twoUsers() {
        return BundleBuilder.create()
                .user("u1", "Alice").user("u2", "Bob")
                .conversation("c1", "u1", "u2")
                .message("c1", "u1", 1_600_000_000_000L, "Hello")
                .message("c1", "u2", 1_600_000_001_000L, "Hi Alice")
                .message("c1", "ghost", 1_600_000_002_000L, "Who am I?")
                .toBytes();
    }

    /** Uploads (as the default test user, admin) and waits until the job is READY; returns its id. */
    public static long readyJob(String name) {
        io.restassured.path.json.JsonPath job = Jobs.uploadAndValidate(name, twoUsers());
        if (!"READY".equals(job.getString("status"))) {
            throw new AssertionError("Expected a READY job, got " + job.prettify());
        }
        return job.getLong("id");
    }
}
