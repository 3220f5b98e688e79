# Writes test/fixtures/xls/encrypted/: .xls workbooks encrypted as LibreOffice encrypts them (RC4,
# the Office 97/2000 method), some with Excel's default password "VelvetSweatshop" (what Excel
# writes for a workbook it protects without a password to open, and opens without asking), one
# with a real password. Each is also decrypted by msoffcrypto-tool, an implementation of its own
# (decrypted/), and so are the Excel 2002 files copied beside them (but for RC4 97/2000's, which
# it fails on, and XOR's, which it does not do): the test holds the reader's decryption to those.
# Needs LibreOffice, its Python bridge and msoffcrypto-tool (Debian: python3-uno,
# python3-msoffcrypto-tool), which the tests do not: the files are committed, and
# test/shared/xls-encrypted.test.ts reads them.
#   /usr/bin/python3 scripts/make-encrypted-xls.py
import os, subprocess, time
import msoffcrypto
import uno
from com.sun.star.beans import PropertyValue

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
XLS = os.path.join(ROOT, 'test/fixtures/xls')
OUT = os.path.join(XLS, 'encrypted')
# Excel 2002's files (SheetJS's test files, password "password") that msoffcrypto-tool decrypts.
EXCEL = ['excel2002-password_2002_40_basecrypto.xls', 'excel2002-password_2002_128_strong.xls', 'excel2002-password_2002_128_enhanced.xls']
# (source, written as, password)
FILES = [
    ('cell-kinds.xls', 'cell-kinds-default-password.xls', 'VelvetSweatshop'),
    ('maoping-town.xls', 'maoping-town-default-password.xls', 'VelvetSweatshop'),
    ('rulin-town.xls', 'rulin-town-password.xls', '巡察2023'),
    # For the bench (bench/cli.ts): the 5,000-row aggregate, read encrypted against plain. Not decrypted here.
    ('county-aggregate-5000.xls', 'county-aggregate-5000-default-password.xls', 'VelvetSweatshop'),
]


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def decrypt(name, password):
    os.makedirs(os.path.join(OUT, 'decrypted'), exist_ok=True)
    with open(os.path.join(OUT, name), 'rb') as f, open(os.path.join(OUT, 'decrypted', name), 'wb') as out:
        office = msoffcrypto.OfficeFile(f)
        office.load_key(password=password)
        office.decrypt(out)


def main():
    profile = '/tmp/lo-encrypted-xls'
    office = subprocess.Popen(['soffice', '--headless', '--invisible', '--norestore', f'-env:UserInstallation=file://{profile}',
                               '--accept=socket,host=127.0.0.1,port=2002;urp;'])
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
        for _ in range(60):
            try:
                ctx = resolver.resolve('uno:socket,host=127.0.0.1,port=2002;urp;StarOffice.ComponentContext')
                break
            except Exception:
                time.sleep(1)
        desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
        os.makedirs(OUT, exist_ok=True)
        for source, name, password in FILES:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.join(XLS, source)), '_blank', 0, (prop('Hidden', True),))
            doc.storeToURL(uno.systemPathToFileUrl(os.path.join(OUT, name)), (prop('FilterName', 'MS Excel 97'), prop('Password', password)))
            doc.close(True)
            print('wrote', name)
            if not name.startswith('county-aggregate'):
                decrypt(name, password)
        for name in EXCEL:
            decrypt(name, 'password')
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge closes as LibreOffice exits
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


main()
