package io.talkport.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talkport.bundle.BundleRejectedException.Code;

import java.io.IOException;
import java.io.InputStream;

/** The optional manifest.json: when present it must name this format and version 1. */
final class ManifestCheck {

    private ManifestCheck() {
    }

    static void check(BundleArchive bundle) {
        if (!bundle.has("manifest.json")) {
            return;
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
    }

    private static BundleRejectedException badManifest(String why) {
        return new BundleRejectedException(Code.BAD_MANIFEST, "manifest.json cannot be used: " + why
                + ". Fix it or leave it out (it is optional).");
    }
}
