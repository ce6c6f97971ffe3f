package io.talkport.job;

import io.quarkus.logging.Log;
import io.quarkus.security.ForbiddenException;
import io.talkport.bundle.StagingResult;
import io.talkport.talkjs.TalkJsEnvironment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/** Creates, reads and deletes jobs. Validation itself runs in {@link JobValidator}. */
@ApplicationScoped
public class JobService {

    private final JobConfig config;

    public JobService(JobConfig config) {
        this.config = config;
    }

    /**
     * Turns an uploaded file into a RECEIVED job: the file is moved into archive storage (no copy through memory).
     */
    @Transactional
    public Job receive(String name, Path upload, long size, String user) {
        if (size > config.maxBytes()) {
            throw new UploadRejectedException(413, tooLargeMessage(size, config.maxBytes()));
        }
        Job job = new Job();
        job.name = name;
        job.status = JobStatus.RECEIVED;
        job.archiveBytes = size;
        job.createdBy = user;
        job.createdAt = Instant.now();
        job.updatedAt = job.createdAt;
        job.persist();
        job.archivePath = store(job.id, upload).toString();
        return job;
    }

    public Job find(long id) {
        Job job = Job.findById(id);
        if (job == null) {
            throw new JobNotFoundException(id);
        }
        return job;
    }

    public List<Job> list() {
        return Job.newestFirst();
    }

    /**
     * Removes the job, its staged rows (cascade) and its stored archive. Refused with {@link RunRefusedException}
     * (409) while any of its runs is in progress (queued, running, paused, verifying): workers would be left writing
     * to TalkJS without a ledger. A job that has a live run is what the live app holds: only an admin may delete it
     * ({@link ForbiddenException}, 403), typing the job's name as {@code confirmation}
     * ({@link ConfirmationMismatchException}, 400). The job and its runs are locked first, so a run cannot start in
     * between.
     *
     * @return whether the job had a live run (the caller audits the confirmation)
     */
    @Transactional
    public boolean delete(long id, String confirmation, boolean admin) {
        Job job = Job.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw new JobNotFoundException(id);
        }
        List<Run> runs = Run.<Run>find("jobId", id).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        for (Run run : runs) {
            if (!run.status.isFinal()) {
                throw new RunRefusedException("The " + run.environmentName() + " run of this job is " + run.status
                        + ": a job cannot be deleted while one of its runs is in progress. Cancel the run (or wait "
                        + "until it ends), then delete the job.");
            }
        }
        boolean live = runs.stream().anyMatch(run -> run.environment == TalkJsEnvironment.LIVE);
        if (live && !admin) {
            throw new ForbiddenException("This job was pushed to the live app: only an admin may delete it, "
                    + "typing the job's name to confirm.");
        }
        if (live && !job.name.equals(confirmation)) {
            throw ConfirmationMismatchException.toDelete(job.name);
        }
        String archive = job.archivePath;
        job.delete();
        deleteArchive(id, archive);
        return live;
    }

    @Transactional
    public void markValidating(long id) {
        find(id).moveTo(JobStatus.VALIDATING);
    }

    @Transactional
    public void markReady(long id, StagingResult result) {
        Job job = find(id);
        job.moveTo(JobStatus.READY);
        job.userCount = result.users();
        job.conversationCount = result.conversations();
        job.messageCount = result.messages();
        job.attachmentCount = result.attachments();
        job.errorCount = result.errors();
        job.warningCount = result.warnings();
        job.validatedAt = Instant.now();
    }

    @Transactional
    public void markRejected(long id, String reason) {
        Job job = find(id);
        job.moveTo(JobStatus.REJECTED);
        job.rejectReason = reason;
        job.validatedAt = Instant.now();
    }

    private Path store(long id, Path upload) {
        try {
            Path dir = Files.createDirectories(config.storageDir());
            Path target = dir.resolve("job-" + id + ".zip");
            try {
                return Files.move(upload, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException crossDevice) {
                return Files.move(upload, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store the uploaded archive", e);
        }
    }

    private void deleteArchive(long id, String archive) {
        if (archive == null) {
            return;
        }
        try {
            Files.deleteIfExists(Path.of(archive));
        } catch (IOException e) {
            Log.warnf("job %d: could not delete archive %s: %s", id, archive, e.getMessage());
        }
    }

    /** The one wording of the size refusal, whether the HTTP filter or the service finds it. */
    public static String tooLargeMessage(long size, long limit) {
        return "The file is " + humanBytes(size) + "; the largest bundle accepted is " + humanBytes(limit)
                + " (talkport.upload.max-bytes).";
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
