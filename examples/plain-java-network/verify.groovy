import javax.xml.parsers.DocumentBuilderFactory

// The example passes: its tests ran, none failed, and the gate wrote its reports into the example's target/.
def reports = new File(basedir, 'target/surefire-reports/TEST-example.MlpParityTest.xml')
assert reports.isFile() : 'no Surefire report: the tests did not run'
def suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(reports).documentElement
assert suite.getAttribute('tests').toInteger() > 100 : "only ${suite.getAttribute('tests')} tests ran"
assert suite.getAttribute('failures') == '0' && suite.getAttribute('errors') == '0'
assert new File(basedir, 'target/parity-reports/parity-report.json').isFile()
assert new File(basedir, 'target/parity-reports/xor-sigmoid/parity-report.md').isFile()
true
