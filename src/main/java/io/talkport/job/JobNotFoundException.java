package io.talkport.job;

/** No job has the id asked for. */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(long id) {
        super("There is no job " + id + ".");
    }
}
