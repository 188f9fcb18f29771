import javax.xml.parsers.DocumentBuilderFactory

// The broken copy failed, its single assertion failed with exactly the message the README shows, and
// the dynamic tests that failed are named in the XML report by what they check.
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

// A CI page lists the failed tests by name: fixture › pair › tensor, from the phrased names in the pom.
def failed = (0..<cases.length).collect { cases.item(it) }
        .findAll { it.getElementsByTagName('failure').length > 0 }
        .collect { it.getAttribute('name') }
def named = 'xor-sigmoid \u203A mlp \u2194 reference \u203A dW1'
assert failed.any { it.endsWith(named) } : "no failed test named ${named} in the Surefire XML; failed: ${failed}"

// The wrong derivative of the loss of its own fails naming the output delta, and only that: the forward agrees.
// The fixture's first failing test gives its summary; each other failing test of it is one line pointing there.
def logCosh = (0..<cases.length).collect { cases.item(it) }
        .findAll { it.getAttribute('name').contains('log-cosh-3-4-2 \u203A ') && it.getElementsByTagName('failure').length > 0 }
        .collect { it.getElementsByTagName('failure').item(0).getAttribute('message').trim() }
assert logCosh.size() > 1 : "log-cosh-3-4-2 should fail several tests; failed: ${failed}"
def summaries = logCosh.findAll { it.contains('broken rule: \u03B4_2 = \u2202data/\u2202z_2 (the loss derivative, with its 1/N)') }
assert summaries.size() == 1 : "one summary of log-cosh-3-4-2, not ${summaries.size()}: ${logCosh}"
assert summaries[0].contains('forward pass agrees') : summaries[0]
assert summaries[0].contains('full report: ') : summaries[0]
assert (logCosh - summaries).every { !it.contains('\n') && it.contains('; summary under log-cosh-3-4-2 \u203A ') } : logCosh
true
