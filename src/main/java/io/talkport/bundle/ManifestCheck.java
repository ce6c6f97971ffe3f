package io.talkport.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talkport.bundle.BundleRejectedException.Code;

import java.io.IOException;
import java.io.InputStream;

/**
 * The optional manifest.json: when present it must name this format and version 1; its optional
 * {@code "timestampUnit"} ("ms", "s" or "us") says how message timestamps are counted.
 */
final class ManifestCheck {

    private ManifestCheck() {
    }

    static void check(BundleArchive bundle) {
        timestampUnit(bundle);
    }

    /** The declared unit of message timestamps, or null when the manifest or its key is absent (milliseconds). */
    static TimestampUnit timestampUnit(BundleArchive bundle) {
        if (!bundle.has("manifest.json")) {
            return null;
        }
        JsonNode manifest;
        try (InputStream in = bundle.open("manifest.json")) {
            manifest = new ObjectMapper().readTree(in.readNBytes(64 * 1024));
        } catch (IOException e) {
            throw badManifest("it is not valid JSON");
        }
        if (manifest == null || !manifest.isObject()) {
            throw badManifest("it must be a JSON object");
        }
        JsonNode format = manifest.get("format");
        if (format != null && !"talkport-bundle".equals(format.asText())) {
            throw badManifest("\"format\" must be \"talkport-bundle\"");
        }
        JsonNode version = manifest.get("version");
        if (version != null && !(version.isInt() && version.intValue() == 1)) {
            throw badManifest("this server reads bundle format version 1, not " + version);
        }
        JsonNode unit = manifest.get("timestampUnit");
        if (unit == null || unit.isNull()) {
            return null;
        }
        TimestampUnit declared = unit.isTextual() ? TimestampUnit.named(unit.textValue()) : null;
        if (declared == null) {
            throw badManifest("\"timestampUnit\" must be \"ms\", \"s\" or \"us\", not " + unit);
        }
        return declared;
    }

    private static BundleRejectedException badManifest(String why) {
        return new BundleRejectedException(Code.BAD_MANIFEST, "manifest.json cannot be used: " + why
                + ". Fix it or leave it out (it is optional).");
    }
}
