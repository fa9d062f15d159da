package dev.tapdeck.bench;

import dev.tapdeck.protocol.ntlm.EncryptedBody;
import dev.tapdeck.protocol.ntlm.NtlmSealing;
import dev.tapdeck.protocol.ntlm.SealingProtocol;
import dev.tapdeck.protocol.ws.Direction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The cost of reading an NTLM-sealed WinRM body: split the multipart/encrypted layer, RC4-decrypt, HMAC-MD5
 * the signature ([MS-NLMP] 3.4.7). The observer's RC4 state moves on with every call, so after the first call
 * the signature no longer verifies; the work per byte is the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NtlmUnsealBenchmark {
    private static final int FLAGS = 0xE28A8235;

    @Param({"1685", "34537"})
    public int plaintextBytes;

    private byte[] body;
    private NtlmSealing observer;

    @Setup
    public void setup() {
        byte[] key = new byte[16];
        Random random = new Random(42);
        random.nextBytes(key);
        byte[] plain = new byte[plaintextBytes];
        random.nextBytes(plain);
        NtlmSealing.Sealed sealed = new NtlmSealing(FLAGS, key).seal(Direction.CLIENT_TO_SERVER, plain);
        body = EncryptedBody.build(SealingProtocol.SPNEGO, "application/soap+xml;charset=UTF-8", plain.length,
                sealed.signature(), sealed.ciphertext());
        observer = new NtlmSealing(FLAGS, key);
    }

    @Benchmark
    public NtlmSealing.Unsealed unseal(ByteCounter counter) {
        counter.bytes += body.length;
        EncryptedBody.Part part = EncryptedBody.split(null, body).parts().get(0);
        return observer.unseal(Direction.CLIENT_TO_SERVER, part.signature(), part.sealed());
    }
}
