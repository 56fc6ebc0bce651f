package io.pigeonim.seq.counter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One Lua script of this package, with the SHA-1 that EVALSHA names it by. */
record LuaScript(String name, byte[] source, String sha) {

    static LuaScript load(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name + ".lua");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            byte[] source = text.getBytes(StandardCharsets.UTF_8);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
            return new LuaScript(name, source, sha);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot load script " + name, e);
        }
    }
}
