#!/usr/bin/env python3
"""Generate a synthetic medical-practice server tree, and mutate it day by day.

  gen_practice.py init  DIR [--scale small|medium|large] [--seed N]
  gen_practice.py day   DIR --day K [--seed N]

Layout (what a medatixx practice server holds):
  DCONCEPT/DEDATA   file-based record databases (structured, compressible, updated in place)
  DCONCEPT/DETEXT   letters and reports (text, many small files, new ones daily)
  DCONCEPT/DEZIFF   catalogues (static)
  WINACS/Foto       photos (incompressible, new ones daily)
  SQLBACKUP/*.bak   native SQL Server full backups (8 KiB pages; each day ~1 % pages change,
                    ~0.3 % pages appended, header timestamps change) - what a nightly BACKUP
                    DATABASE writes before it is ingested.
Deterministic for a given seed, scale and day.
"""
import argparse, os, random, struct, zlib

SCALES = {  # (db files, db total MiB, letters, catalogues, photos, bak MiB per db, dbs)
    # tiny and test are tresor's additions for its test suite (about 25 MB / 120 MB)
    "tiny": (12, 4, 150, 3, 6, 8, 1),
    "test": (30, 24, 600, 6, 25, 40, 1),
    "small": (60, 120, 3000, 20, 150, 256, 2),
    "medium": (200, 600, 20000, 60, 800, 1024, 2),
    "large": (600, 2400, 60000, 150, 3000, 4096, 3),
}
PAGE = 8192
WORDS = ("Patient Befund Diagnose Therapie Verordnung Rezept Überweisung Labor Blutbild "
         "Kontrolle Untersuchung Anamnese Hypertonie Diabetes Schmerzen Röntgen Sonographie "
         "Impfung Influenza Kopfschmerz Rücken Knie Schulter Termin Wiedervorstellung "
         "unauffällig Medikation Dosierung täglich morgens abends Tablette Salbe Physiotherapie "
         "Arbeitsunfähigkeit Bescheinigung Krankenkasse Versicherter Praxis Dr. med. Sehr geehrte "
         "Kollegin Kollege vielen Dank für die Überweisung Ihres Patienten mit freundlichen Grüßen").split()


def rnd_text(r, n):
    out, size = [], 0
    while size < n:
        w = r.choice(WORDS)
        out.append(w)
        size += len(w) + 1
    return " ".join(out)[:n]


def record(r, rid):
    # 256-byte structured record: id, dates, codes, short text, zero padding
    txt = rnd_text(r, r.randint(20, 120)).encode("utf-8")[:150]
    head = struct.pack("<IIHH", rid, 20000000 + r.randint(0, 99999), r.randint(0, 999), len(txt))
    body = head + txt
    return body + b"\0" * (256 - len(body))


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def bak_page(r, dbid, pno):
    hdr = struct.pack("<IIQ", dbid, pno, r.getrandbits(48))
    rows = b"".join(record(r, pno * 31 + i)[:200] for i in range(30))
    body = hdr + rows
    body = body[:PAGE - 4]
    body += b"\0" * (PAGE - 4 - len(body))
    return body + struct.pack("<I", zlib.crc32(body))


def blob_page(r):  # FILESTREAM-like attachment content: half random, half text
    return r.randbytes(PAGE // 2) if r.random() < 0.5 else rnd_text(r, PAGE).encode()[:PAGE].ljust(PAGE, b" ")


def init(root, scale, seed):
    nd, dbmib, nl, nc, nph, bakmib, ndbs = SCALES[scale]
    r = random.Random(seed)
    # record databases, log-normal sizes summing to about dbmib
    weights = [r.lognormvariate(0, 1.5) for _ in range(nd)]
    tot = sum(weights)
    for i, w in enumerate(weights):
        n = max(16, int(w / tot * dbmib * 1024 * 1024 / 256))
        data = b"".join(record(r, k) for k in range(n))
        write(os.path.join(root, "DCONCEPT/DEDATA", f"T{i:04d}.DAT"), data)
    for i in range(nl):
        write(os.path.join(root, "DCONCEPT/DETEXT", f"{i // 1000:03d}", f"B{i:06d}.RTF"),
              ("{\\rtf1\\ansi " + rnd_text(r, r.randint(3000, 60000)) + "}").encode())
    for i in range(nc):
        write(os.path.join(root, "DCONCEPT/DEZIFF", f"KAT{i:03d}.DAT"),
              rnd_text(r, r.randint(100_000, 3_000_000)).encode())
    for i in range(nph):
        write(os.path.join(root, "WINACS/Foto", f"{i // 500:02d}", f"IMG{i:05d}.JPG"),
              b"\xff\xd8\xff\xe0" + r.randbytes(r.randint(150_000, 3_000_000)))
    for d in range(ndbs):
        pages = bakmib * 1024 * 1024 // PAGE
        path = os.path.join(root, "SQLBACKUP", f"DB{d}.bak")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(b"TAPE" + struct.pack("<Q", 0) + b"\0" * (PAGE - 12))
            for p in range(pages):
                f.write(bak_page(r, d, p) if p % 5 else blob_page(r))


def day(root, k, seed):
    r = random.Random(seed * 1000 + k)
    dd = os.path.join(root, "DCONCEPT/DEDATA")
    files = sorted(os.listdir(dd))
    for name in r.sample(files, max(1, len(files) * 3 // 10)):
        p = os.path.join(dd, name)
        n = os.path.getsize(p) // 256
        with open(p, "r+b") as f:
            for _ in range(max(1, n // 200)):
                f.seek(r.randrange(n) * 256)
                f.write(record(r, r.randrange(n)))
            f.seek(0, 2)
            f.write(b"".join(record(r, n + i) for i in range(r.randint(0, 20))))
    td = os.path.join(root, "DCONCEPT/DETEXT", f"D{k:03d}")
    for i in range(80):
        write(os.path.join(td, f"N{i:04d}.RTF"), ("{\\rtf1\\ansi " + rnd_text(r, r.randint(3000, 60000)) + "}").encode())
    fd = os.path.join(root, "WINACS/Foto", f"D{k:03d}")
    for i in range(15):
        write(os.path.join(fd, f"IMG{i:03d}.JPG"), b"\xff\xd8\xff\xe0" + r.randbytes(r.randint(150_000, 3_000_000)))
    bd = os.path.join(root, "SQLBACKUP")
    for name in sorted(os.listdir(bd)):
        p = os.path.join(bd, name)
        pages = os.path.getsize(p) // PAGE
        with open(p, "r+b") as f:
            f.seek(4)
            f.write(struct.pack("<Q", k))  # new backup timestamp in the header
            # ~1 % of pages change: most in a few hot regions (recent rows, busy indexes),
            # the rest as whole 8-page extents scattered over the file
            hot = [r.randrange(1, max(2, pages - pages // 50)) for _ in range(3)]
            for i in range(pages // 100):
                if i % 10 < 6:
                    pno = r.choice(hot) + r.randrange(pages // 50)
                else:
                    pno = (r.randrange(1, pages) // 8) * 8 + i % 8
                pno = min(max(pno, 1), pages - 1)
                f.seek(pno * PAGE)
                f.write(bak_page(r, 9, pno))
            f.seek(0, 2)
            for i in range(max(1, pages * 3 // 1000)):  # ~0.3 % appended
                f.write(bak_page(r, 9, pages + i))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["init", "day"])
    ap.add_argument("dir")
    ap.add_argument("--scale", default="small", choices=SCALES)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--day", type=int, default=1)
    a = ap.parse_args()
    if a.cmd == "init":
        init(a.dir, a.scale, a.seed)
    else:
        day(a.dir, a.day, a.seed)
