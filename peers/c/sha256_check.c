/* `make check`: sha256.h against the FIPS 180-4 / NIST test vectors, whole and fed in uneven pieces,
 * and the little-endian helpers of peer.h against digests computed with Python's hashlib. Exit 1 on a mismatch. */
#include "peer.h"

static int failures;

static void expect(const char *what, const char *got, const char *want)
{
    int ok = !strcmp(got, want);
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok) {
        printf("     got  %s\n     want %s\n", got, want);
        failures++;
    }
}

/* msg fed whole, then in pieces of 1, 2, ... 97 bytes (crossing block boundaries every way). */
static void vector(const char *what, const char *msg, size_t len, const char *want)
{
    peer_sha256 s;
    char hex[65];
    peer_sha256_init(&s);
    peer_sha256_update(&s, msg, len);
    expect(what, peer_sha256_hex(&s, hex), want);
    peer_sha256_init(&s);
    for (size_t at = 0, piece = 1; at < len; at += piece, piece = piece % 97 + 1)
        peer_sha256_update(&s, msg + at, piece < len - at ? piece : len - at);
    expect(what, peer_sha256_hex(&s, hex), want);
}

int main(void)
{
    vector("\"\"", "", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    vector("\"abc\"", "abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    vector("448-bit message", m448, strlen(m448), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                       "mnopqrstnopqrstu";
    vector("896-bit message", m896, strlen(m896), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    size_t million = 1000000;
    char *a = malloc(million);
    memset(a, 'a', million);
    vector("1,000,000 x 'a'", a, million, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);

    /* The peers' layouts (hashlib: sha256(struct.pack('<q', 664579)) and friends). */
    char hex[65];
    expect("int64 664579", peer_fingerprint_i64(hex, 664579),
           "f35fb5197d8128aad44b868b0a08ccba14bcb37e4ae8b4044f48d9b168d6319e");
    peer_sha256 s;
    const double f64[2] = {1.5, -0.25};
    peer_sha256_init(&s);
    peer_sha256_update_le(&s, f64, 2, sizeof f64[0]);
    expect("float64 1.5, -0.25", peer_sha256_hex(&s, hex), "6df14b0c52c97c68da2e714775998ceb662f152df9a89bcc75aa2ea2cd0a89a8");
    const int32_t i32[3] = {1, -2, 300};
    peer_sha256_init(&s);
    peer_sha256_update_le(&s, i32, 3, sizeof i32[0]);
    expect("int32 1, -2, 300", peer_sha256_hex(&s, hex), "3e6f6c5d65bc9dc2c2d9eba153f10f3f2573e5a25ce81ab3f4c3d2bbe9b91c92");
    const uint64_t num[2] = {7, UINT64_MAX};
    const unsigned char prime[2] = {1, 0};
    peer_sha256_init(&s);
    for (int i = 0; i < 2; i++) {
        peer_sha256_update_le(&s, &num[i], 1, sizeof num[i]);
        peer_sha256_update(&s, &prime[i], 1);
    }
    expect("verdicts 7:1, 2^64-1:0", peer_sha256_hex(&s, hex), "ef8150ab26251870134c008f3e6fdca86d60fa988cbc9664216d63191fddff88");
    return failures ? 1 : 0;
}
