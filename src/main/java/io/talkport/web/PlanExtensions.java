package io.talkport.web;

import io.quarkus.qute.TemplateExtension;
import io.talkport.job.Job;
import io.talkport.job.JobStatus;

/** Display logic of the plan card ({@code templates/JobPages/plan.html}). */
@TemplateExtension
public class PlanExtensions {

    private PlanExtensions() {
    }

    /** Whether the job can be planned against TalkJS: validated and its staged data still kept. */
    static boolean canPlan(Job job) {
        return job.status == JobStatus.READY && job.purgedAt == null;
    }
}
