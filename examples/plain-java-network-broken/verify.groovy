import javax.xml.parsers.DocumentBuilderFactory

// The broken copy failed, and its single assertion failed with exactly the message the README shows.
def reports = new File(basedir, 'target/surefire-reports/TEST-example.MlpParityTest.xml')
assert reports.isFile() : 'no Surefire report: the tests did not run'
def suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(reports).documentElement
def cases = suite.getElementsByTagName('testcase')
def failure = (0..<cases.length).collect { cases.item(it) }
        .find { it.getAttribute('name') == 'xorLikeFixture' }
        ?.getElementsByTagName('failure')?.item(0)
assert failure != null : 'xorLikeFixture did not fail'
def expected = new File(basedir, 'expected-failure.txt').getText('UTF-8').trim()
def actual = failure.getAttribute('message').trim()
assert actual == expected : "the failure message is not the documented one; actual:\n${actual}"
assert suite.getAttribute('failures').toInteger() > 10 : "the bundled suite should fail too: ${suite.getAttribute('failures')} failures"
true
