package dev.tapdeck.samples.winrm;

/** A ProcessIo that passes everything to another; subclasses override what they change. */
class ForwardingIo implements ProcessIo {
    private final ProcessIo target;

    ForwardingIo(ProcessIo target) {
        this.target = target;
    }

    @Override
    public void stdout(byte[] data) {
        target.stdout(data);
    }

    @Override
    public void stderr(byte[] data) {
        target.stderr(data);
    }

    @Override
    public void exit(long code) {
        target.exit(code);
    }

    @Override
    public ShellEnvironment env() {
        return target.env();
    }

    @Override
    public FileStore files() {
        return target.files();
    }
}
