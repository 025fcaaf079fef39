"""A real RFC 3161 timestamp authority on loopback for tests: Debian's `openssl ts -reply`
behind a small HTTP handler, signing with a throwaway CA made for the test.
"""

import contextlib
import http.server
import pathlib
import subprocess
import tempfile
import threading

OPENSSL = "/usr/bin/openssl"

TSA_CONFIG = """
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""

TSA_EXTENSIONS = """
[ tsa_ext ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def _run(*args, cwd):
    subprocess.run([OPENSSL, *args], cwd=cwd, check=True, capture_output=True)


def make_authority(directory: pathlib.Path, name: str = "Test TSA"):
    """A CA (ca.pem) and a timestamping certificate it issued (tsa.pem, tsa.key)."""
    directory.mkdir(parents=True, exist_ok=True)
    _run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
         "-days", "30", "-subj", f"/CN={name} Root CA", cwd=directory)  # fmt: skip
    _run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
         "-subj", f"/CN={name}", cwd=directory)  # fmt: skip
    (directory / "tsa_ext.cnf").write_text(TSA_EXTENSIONS)
    _run("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
         "-CAcreateserial", "-out", "tsa.pem", "-days", "30", "-extfile", "tsa_ext.cnf",
         "-extensions", "tsa_ext", cwd=directory)  # fmt: skip
    (directory / "serial").write_text("01\n")
    (directory / "tsa.cnf").write_text(TSA_CONFIG.format(dir=directory))
    return directory


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        query = self.rfile.read(length)
        self.server.queries.append(query)
        with tempfile.TemporaryDirectory() as work:
            work = pathlib.Path(work)
            (work / "query.tsq").write_bytes(query)
            directory = self.server.directory
            result = subprocess.run(
                [OPENSSL, "ts", "-reply", "-config", str(directory / "tsa.cnf"),
                 "-queryfile", "query.tsq", "-out", "reply.tsr"],
                cwd=work, capture_output=True,
            )  # fmt: skip
            if result.returncode != 0:
                self.send_response(500)
                self.end_headers()
                return
            body = (work / "reply.tsr").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def running_authority(directory: pathlib.Path):
    """Yield (url, server); server.queries holds every request body received."""
    make_authority(directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.directory = directory
    server.queries = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/tsa", server
    finally:
        server.shutdown()
        server.server_close()
