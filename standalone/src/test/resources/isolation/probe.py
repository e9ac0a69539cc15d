"""What a spider that wants more than its own task tries: every check prints one JSON line,
{"check": name, "managed": true|false, "detail": ...}. The targets come from targets.json beside
this file, or from the path given as the first argument; a password given as the second argument
is tried on PostgreSQL besides none and a wrong one (so that the probe itself can be checked)."""
import base64, glob, hashlib, hmac, json, os, socket, struct, sys


def report(check, managed, detail=""):
    print(json.dumps({"check": check, "managed": managed, "detail": str(detail)[:300]}), flush=True)


def try_read(check, path):
    try:
        with open(path, "rb") as f:
            data = f.read(64)
        report(check, True, "read %d bytes" % len(data))
    except OSError as e:
        report(check, False, e)


def try_list(check, path):
    try:
        report(check, True, os.listdir(path)[:5])
    except OSError as e:
        report(check, False, e)


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("the server closed the connection")
        data += chunk
    return data


def read_message(sock):
    kind = recv_exact(sock, 1)
    length = struct.unpack("!I", recv_exact(sock, 4))[0]
    return kind, recv_exact(sock, length - 4)


def send(sock, kind, body):
    sock.sendall(kind + struct.pack("!I", len(body) + 4) + body)


def authenticate(sock, user, password):
    """PostgreSQL's startup and, if asked, SCRAM-SHA-256: True only if the server lets us in."""
    body = struct.pack("!I", 196608) + b"user\0" + user.encode() + b"\0database\0postgres\0\0"
    sock.sendall(struct.pack("!I", len(body) + 4) + body)
    kind, body = read_message(sock)
    if kind != b"R":
        return False, "refused: " + body.decode(errors="replace")
    code = struct.unpack("!I", body[:4])[0]
    if code == 0:
        return True, "let in with no password at all"
    if code != 10:
        return False, "asked for authentication %d" % code
    nonce = base64.b64encode(os.urandom(18)).decode()
    first_bare = "n=,r=" + nonce
    first = ("n,," + first_bare).encode()
    send(sock, b"p", b"SCRAM-SHA-256\0" + struct.pack("!I", len(first)) + first)
    kind, body = read_message(sock)
    if kind != b"R" or struct.unpack("!I", body[:4])[0] != 11:
        return False, "refused: " + body.decode(errors="replace")
    server_first = body[4:].decode()
    attrs = dict(part.split("=", 1) for part in server_first.split(","))
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(attrs["s"]), int(attrs["i"]))
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    without_proof = "c=biws,r=" + attrs["r"]
    message = (first_bare + "," + server_first + "," + without_proof).encode()
    signature = hmac.new(hashlib.sha256(client_key).digest(), message, "sha256").digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    send(sock, b"p", (without_proof + ",p=" + base64.b64encode(proof).decode()).encode())
    while True:
        kind, body = read_message(sock)
        if kind != b"R":
            return False, "refused: " + body.decode(errors="replace")
        if struct.unpack("!I", body[:4])[0] == 0:
            return True, "let in"


def try_postgres(check, family, address, password):
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(10)
            sock.connect(address)
            managed, detail = authenticate(sock, "postgres", password)
            report(check, managed, detail)
    except (OSError, EOFError) as e:
        report(check, False, e)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    targets = json.load(open(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "targets.json")))
    right_password = sys.argv[2] if len(sys.argv) > 2 else None

    report("runs as a user of its own", os.getuid() != 0 and os.geteuid() != 0, "uid %d" % os.getuid())
    try_read("read its own workspace", os.path.join(here, "probe.py"))
    try:
        with open(os.path.join(os.environ["CRAWLYARD_OUTPUT_DIR"], "out.txt"), "w") as f:
            f.write("mine")
        report("write its own output directory", True)
    except (OSError, KeyError) as e:
        report("write its own output directory", False, e)

    try_list("list the data directory", targets["dataDir"])
    try_read("read the data directory", os.path.join(targets["dataDir"], "PG_VERSION"))
    try_read("read the database password file", targets["passwordFile"])
    try_read("read the Temporal API key", targets["temporalKeyFile"])
    try_list("list the node's work directory", targets["workDir"])
    try_read("read the node's key", os.path.join(targets["workDir"], "node-key"))
    try_list("list the node's blob cache", os.path.join(targets["workDir"], "cache", "blobs"))
    try_list("list another task's workspace", targets["otherWorkspace"])
    try_read("read another task's workspace", os.path.join(targets["otherWorkspace"], "secret.txt"))
    try_read("read another task's config", os.path.join(targets["otherRunDirectory"], "config.json"))
    try_read("read the node's environment", "/proc/%d/environ" % targets["nodePid"])
    try_read("read the node's memory", "/proc/%d/mem" % targets["nodePid"])
    try:
        os.kill(targets["otherPid"], 0)
        report("signal another task's process", True)
    except OSError as e:
        report("signal another task's process", False, e)
    for name, password in [("no password", ""), ("a wrong password", "wrong-password")]:
        try_postgres("connect to PostgreSQL over TCP with " + name, socket.AF_INET,
                     ("127.0.0.1", targets["postgresPort"]), password)
    sockets = glob.glob("/tmp/.s.PGSQL.%d" % targets["postgresPort"]) + glob.glob(
        "/var/run/postgresql/.s.PGSQL.%d" % targets["postgresPort"])
    if not sockets:
        report("connect to PostgreSQL over its Unix socket", False, "there is no socket")
    for path in sockets:
        try_postgres("connect to PostgreSQL over its Unix socket", socket.AF_UNIX, path, "")
    if right_password is not None:
        try_postgres("connect to PostgreSQL with the password", socket.AF_INET,
                     ("127.0.0.1", targets["postgresPort"]), right_password)


main()
