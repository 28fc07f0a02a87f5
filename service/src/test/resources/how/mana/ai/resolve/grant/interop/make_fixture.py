#!/usr/bin/env python3
"""Writes fixture.json: a mission grant and encrypted records made the way mana-auth and the web app make them,
by an implementation independent of mana-ai (Python's `cryptography`; the second wrap by the OpenSSL CLI).

Run from this directory: python3 make_fixture.py  (needs server-key.pem, see README.md)."""
import base64, json, os, subprocess
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MASTER_KEY = bytes(range(1, 33))  # 01..20 hex, SPEC §16.2's golden vector
MISSION_ID = "mission-abc"
TABLES = ["notes", "tasks"]
RECORD_IDS = ["notes:n1", "tasks:t1"]
GOLDEN_MDK = "7538df66c51d3ddb667c0135feb4ac7c2800ba372babc7e61e9423d6a9a65628"


def mission_data_key():
    # SPEC §16.2: HKDF-SHA-256, salt = missionId, info names version, sorted tables and sorted record ids.
    info = "mana-ai-mission-grant:v1:tables=" + ",".join(sorted(TABLES)) + ":ids=" + ",".join(sorted(RECORD_IDS))
    mdk = HKDF(algorithm=hashes.SHA256(), length=32, salt=MISSION_ID.encode(), info=info.encode()).derive(MASTER_KEY)
    assert mdk.hex() == GOLDEN_MDK, "HKDF does not give SPEC §16.2's golden vector"
    return mdk


def b64(data):
    return base64.b64encode(data).decode("ascii")


def encrypt(mdk, value):
    # SPEC §16.5: enc:1:<base64 iv>.<base64 ciphertext||tag>, AES-256-GCM, 12-byte IV, no AAD, over UTF-8 JSON.
    iv = os.urandom(12)
    sealed = AESGCM(mdk).encrypt(iv, json.dumps(value, ensure_ascii=False).encode("utf-8"), None)
    return "enc:1:" + b64(iv) + "." + b64(sealed)


def main():
    mdk = mission_data_key()
    with open("server-key.pem", "rb") as f:
        private_key = serialization.load_pem_private_key(f.read(), password=None)
    oaep = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    wrapped_by_python = private_key.public_key().encrypt(mdk, oaep)
    with open("server-key.pub.pem", "wb") as f:
        f.write(private_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo))
    wrapped_by_openssl = subprocess.run(
        ["openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", "server-key.pub.pem",
         "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256", "-pkeyopt", "rsa_mgf1_md:sha256"],
        input=mdk, capture_output=True, check=True).stdout
    os.remove("server-key.pub.pem")

    def grant(wrapped):
        return {"wrappedKey": b64(wrapped),
                "derivation": {"version": "v1", "missionId": MISSION_ID, "tables": TABLES, "recordIds": RECORD_IDS},
                "issuedAt": "2026-04-28T10:00:00.000Z", "expiresAt": "2026-05-05T10:00:00.000Z"}

    plaintext = {
        "notes:n1": {"title": "Belege 2025", "content": "Quittungen im Ordner „Steuer“ – 12 Stück 🧾"},
        "tasks:t1": {"title": "Steuer abgeben", "status": "open", "dueDate": "2026-07-31",
                     "description": "über ELSTER", "tags": ["steuer", 2025]},
    }
    records = {rid: {k: encrypt(mdk, v) for k, v in fields.items()} for rid, fields in plaintext.items()}
    fixture = {
        "made": "make_fixture.py with Python cryptography and the OpenSSL CLI; see README.md",
        "missionId": MISSION_ID,
        "mdkHex": mdk.hex(),
        "grantWrappedByPython": grant(wrapped_by_python),
        "grantWrappedByOpenssl": grant(wrapped_by_openssl),
        "encryptedRecords": records,
        "plaintextRecords": plaintext,
    }
    with open("fixture.json", "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
