package io.talkport.api;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The runs of a job as API documents. */
@ApplicationScoped
public class RunViews {

    public List<RunDocument> of(long jobId) {
        return List.of();
    }
}
