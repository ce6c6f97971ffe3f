package io.talkport.api;

/** The body of every error answer of the JSON API: a stable code and a sentence for a person. */
public record ApiError(String error, String message) {
}
