package io.talkport.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** Uploads: where accepted archives are kept and the limits on them. */
@ConfigMapping(prefix = "talkport.upload")
public interface JobConfig {

    /** Folder where accepted archives are kept until their job is deleted. Default {@code data/archives}. */
    @WithDefault("data/archives")
    Path storageDir();

    /** Largest bundle accepted, in bytes. Default 2 GiB. */
    @WithDefault("2147483648")
    long maxBytes();

    /** Bundles validated at the same time; more wait their turn (bounds memory and CPU). Default 2. */
    @WithDefault("2")
    int validationThreads();

    /** Uploads one user may have in progress at once; one more is refused with 429. Default 2. */
    @WithDefault("2")
    int maxConcurrentPerUser();
}
