# Writes test/fixtures/xlsx-encrypted/: the spec's maoping-town.xlsx encrypted with Excel's default
# password VelvetSweatshop (what Excel 2007 wrote for a protected workbook, and opened without
# asking) and rulin-town.xlsx with the password 巡察2023, both with agile encryption (AES-256,
# SHA-512, 100,000 spins, as Excel 2010 and later encrypt). Made by msoffcrypto-tool 6 (an
# implementation of its own; Debian's 5.0 cannot encrypt: pip install msoffcrypto-tool, or
# PYTHONPATH at a checkout of nolze/msoffcrypto-tool). The tests do not need it: the files are
# committed, and test/shared/xlsx-encrypted.test.ts reads them.
#   /usr/bin/python3 scripts/make-encrypted-xlsx.py
import os
from msoffcrypto.format.ooxml import OOXMLFile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
SPEC = os.path.join(ROOT, 'test/fixtures/spec')
OUT = os.path.join(ROOT, 'test/fixtures/xlsx-encrypted')

for source, name, password in [('maoping-town.xlsx', 'maoping-town-default-password.xlsx', 'VelvetSweatshop'), ('rulin-town.xlsx', 'rulin-town-password.xlsx', '巡察2023')]:
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(SPEC, source), 'rb') as f, open(os.path.join(OUT, name), 'wb') as out:
        OOXMLFile(f).encrypt(password, out)
    print('wrote', name)
