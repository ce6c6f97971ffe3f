package io.talkport.bundle;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;

/** Placeholder until the streaming stager lands. */
@ApplicationScoped
public class BundleStager {

    public StagingResult stage(long jobId, Path archive) {
        throw new BundleRejectedException("NOT_IMPLEMENTED", "Validation is not implemented yet.");
    }
}
