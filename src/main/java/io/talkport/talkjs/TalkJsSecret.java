package io.talkport.talkjs;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * A TalkJS secret key. Wrapped so that it never shows up in {@code toString()} of the config mapping, of records
 * or in log lines by accident; only the auth code calls {@link #reveal()}.
 */
public final class TalkJsSecret {

    private final String value;

    private TalkJsSecret(String value) {
        this.value = value;
    }

    public static TalkJsSecret of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A TalkJS secret key must not be blank");
        }
        return new TalkJsSecret(value.trim());
    }

    /** The raw key, for signing tokens or the legacy bearer header only. */
    String reveal() {
        return value;
    }

    /**
     * The mode the key's prefix names: TEST for {@code sk_test_}, LIVE for {@code sk_live_} (TalkJS's prefixes, see
     * ../shared/talkjs-api.md section 2.3), null for any other key. Reveals nothing of the key itself.
     */
    public TalkJsEnvironment prefixMode() {
        return value.startsWith("sk_test_") ? TalkJsEnvironment.TEST
                : value.startsWith("sk_live_") ? TalkJsEnvironment.LIVE : null;
    }

    @Override
    public String toString() {
        return "TalkJsSecret[****]";
    }

    /** Config converter used by {@link TalkJsConfig.App#secretKey()}. */
    public static final class SecretConverter implements Converter<TalkJsSecret> {
        @Override
        public TalkJsSecret convert(String value) {
            return value == null || value.isBlank() ? null : TalkJsSecret.of(value);
        }
    }
}
