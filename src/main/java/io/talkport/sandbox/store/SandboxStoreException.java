package io.talkport.sandbox.store;

/** The sandbox's database could not be written or read; the call changed nothing and answers 500. */
public class SandboxStoreException extends RuntimeException {

    public SandboxStoreException(Throwable cause) {
        super("The sandbox could not keep its data in the database", cause);
    }
}
