package dev.tapdeck.samples.winrm;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Settings of a {@link WinrmServer}, with fluent setters in the Vert.x style. Defaults follow a stock Windows
 * WinRM service where one exists (30 shells per user, IdleTimeOut PT7200S) and otherwise keep every buffer
 * small enough for a demo and for tests.
 */
public final class WinrmServerOptions {
    private String host = "127.0.0.1";
    private int port = 0;
    private String user;
    private String password;
    private boolean ntlm;
    private String machineName = "TAPDECK-DEMO";
    private int maxShells = 30;
    private int maxCommandsPerShell = 100;
    private int maxBodyBytes = 1024 * 1024;
    private Duration defaultOperationTimeout = Duration.ofSeconds(60);
    private Duration maxOperationTimeout = Duration.ofSeconds(60);
    private Duration idleTimeout = Duration.ofHours(2);
    private long maxPendingOutputBytes = 32L * 1024 * 1024;
    private int maxFiles = 1000;
    private long maxFileBytes = 16L * 1024 * 1024;
    private long maxTotalFileBytes = 64L * 1024 * 1024;
    private Supplier<UUID> ids = UUID::randomUUID;
    private LongSupplier nanoClock = System::nanoTime;
    private io.vertx.core.net.KeyCertOptions tls;

    public String host() {
        return host;
    }

    /** Address to listen on; loopback by default, the emulator is meant for demos and tests. */
    public WinrmServerOptions host(String host) {
        this.host = Objects.requireNonNull(host);
        return this;
    }

    public int port() {
        return port;
    }

    /** Port to listen on; 0 picks a free one ({@link WinrmServer#port()} tells which). */
    public WinrmServerOptions port(int port) {
        this.port = port;
        return this;
    }

    /** The certificate and key of HTTPS (the WinRM HTTPS listener, port 5986 on Windows); null: plain HTTP. */
    public io.vertx.core.net.KeyCertOptions tls() {
        return tls;
    }

    /** Serves HTTPS with this certificate and key (e.g. {@code new PemKeyCertOptions()} or {@code new PfxOptions()}). */
    public WinrmServerOptions tls(io.vertx.core.net.KeyCertOptions keyCert) {
        this.tls = keyCert;
        return this;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /**
     * Requires HTTP Basic authentication with these credentials. Without them (the default) any credentials,
     * or none, are accepted, and the user name a client sends only names the shell owner.
     */
    public WinrmServerOptions credentials(String user, String password) {
        this.user = Objects.requireNonNull(user);
        this.password = Objects.requireNonNull(password);
        return this;
    }

    public boolean ntlm() {
        return ntlm;
    }

    /**
     * Requires Negotiate with raw NTLM (NTLMv2) for the {@link #credentials} account, and message encryption
     * ([MS-WSMV] 2.2.9.1: multipart/encrypted bodies), like a Windows listener with AllowUnencrypted=false.
     */
    public WinrmServerOptions ntlm(boolean required) {
        this.ntlm = required;
        return this;
    }

    public String machineName() {
        return machineName;
    }

    /** What {@code hostname} prints and faults name as {@code Machine}. */
    public WinrmServerOptions machineName(String machineName) {
        this.machineName = Objects.requireNonNull(machineName);
        return this;
    }

    public int maxShells() {
        return maxShells;
    }

    /** Concurrent shells; one more gets {@code w:QuotaLimit} like Windows' MaxShellsPerUser (30). */
    public WinrmServerOptions maxShells(int maxShells) {
        this.maxShells = positive(maxShells);
        return this;
    }

    public int maxCommandsPerShell() {
        return maxCommandsPerShell;
    }

    /** Commands a shell holds until they are terminated with a Signal. */
    public WinrmServerOptions maxCommandsPerShell(int maxCommandsPerShell) {
        this.maxCommandsPerShell = positive(maxCommandsPerShell);
        return this;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Largest request body read; a larger one gets {@code w:EncodingLimit}. */
    public WinrmServerOptions maxBodyBytes(int maxBodyBytes) {
        this.maxBodyBytes = positive(maxBodyBytes);
        return this;
    }

    public Duration defaultOperationTimeout() {
        return defaultOperationTimeout;
    }

    /** How long a Receive waits for output when the request has no OperationTimeout. */
    public WinrmServerOptions defaultOperationTimeout(Duration timeout) {
        this.defaultOperationTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    public Duration maxOperationTimeout() {
        return maxOperationTimeout;
    }

    /** Upper bound on the OperationTimeout a client asks for (pwsh sends PT180.000S). */
    public WinrmServerOptions maxOperationTimeout(Duration timeout) {
        this.maxOperationTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** A shell unused this long is deleted (Windows' IdleTimeOut, PT7200.000S by default). */
    public WinrmServerOptions idleTimeout(Duration idleTimeout) {
        this.idleTimeout = Objects.requireNonNull(idleTimeout);
        return this;
    }

    public long maxPendingOutputBytes() {
        return maxPendingOutputBytes;
    }

    /** Output one command may have waiting for a Receive. */
    public WinrmServerOptions maxPendingOutputBytes(long bytes) {
        this.maxPendingOutputBytes = positive(bytes);
        return this;
    }

    public int maxFiles() {
        return maxFiles;
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    public long maxTotalFileBytes() {
        return maxTotalFileBytes;
    }

    /** Limits of the in-memory file store: number of files, size of one file, size of all files. */
    public WinrmServerOptions fileLimits(int maxFiles, long maxFileBytes, long maxTotalFileBytes) {
        this.maxFiles = positive(maxFiles);
        this.maxFileBytes = positive(maxFileBytes);
        this.maxTotalFileBytes = positive(maxTotalFileBytes);
        return this;
    }

    public Supplier<UUID> ids() {
        return ids;
    }

    /** Source of ShellIds, CommandIds and MessageIDs (design principle 5: inject it for determinism). */
    public WinrmServerOptions ids(Supplier<UUID> ids) {
        this.ids = Objects.requireNonNull(ids);
        return this;
    }

    public LongSupplier nanoClock() {
        return nanoClock;
    }

    /** Monotonic clock for idle shells, in nanoseconds. */
    public WinrmServerOptions nanoClock(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock);
        return this;
    }

    private static int positive(int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("must be positive: " + value);
        }
        return value;
    }

    private static long positive(long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("must be positive: " + value);
        }
        return value;
    }
}
