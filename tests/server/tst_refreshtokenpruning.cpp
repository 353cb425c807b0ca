#include "apitestcase.h"
#include "manualclock.h"
#include "services/refreshtokenpruner.h"

using namespace Qt::StringLiterals;

//! Expired refresh tokens do not pile up: every instance deletes their rows, in batches.
class TestRefreshTokenPruning final : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startServer({}, ServerSeams{&m_clock, nullptr}); }
    void cleanupTestCase() { stopServer(); }
    void init() { resetData(); }

    void expiredTokensArePrunedLiveOnesKept();
    void aLargeBacklogIsPrunedInBatches();

private:
    int prune();
    int tokenRows() { return fixtures().scalar(u"SELECT count(*) FROM refresh_tokens"_s).toInt(); }

    ManualClock m_clock;
};

int TestRefreshTokenPruning::prune()
{
    std::optional<Result<int>> pruned;
    server().app().refreshTokenPruner().pruneExpired([&](Result<int> count) { pruned = count; });
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(pruned.has_value(), 30000);
    }();
    if (!pruned || !*pruned)
        return -1;
    return **pruned;
}

void TestRefreshTokenPruning::expiredTokensArePrunedLiveOnesKept()
{
    QVERIFY(!client().signIn(u"john.doe@example.com"_s).isEmpty());
    QVERIFY(!client().signIn(u"jane.smith@example.com"_s).isEmpty());
    QCOMPARE(tokenRows(), 2);
    QCOMPARE(prune(), 0); // nothing has expired yet

    // A week and a day later (REFRESH_TOKEN_TIME is 7 d) those two are dead; a new one is not.
    m_clock.advance(8 * 24 * 3600);
    QVERIFY(!client().signIn(u"mike.wilson@example.com"_s).isEmpty());
    QCOMPARE(tokenRows(), 3);
    QCOMPARE(prune(), 2);
    QCOMPARE(tokenRows(), 1);
    QCOMPARE(fixtures()
                 .scalar(u"SELECT u.email FROM refresh_tokens t JOIN users u ON u.id = t.user_id"_s)
                 .toString(),
             u"mike.wilson@example.com"_s);
}

void TestRefreshTokenPruning::aLargeBacklogIsPrunedInBatches()
{
    // 2,500 expired rows (more than one batch of 1,000) and 10 live ones.
    const QString insert = u"INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, "
                           u"expires_at) SELECT gen_random_uuid(), gen_random_uuid(), "
                           u"(SELECT id FROM users LIMIT 1), '\\x00', ?::timestamptz "
                           u"FROM generate_series(1, %1)"_s;
    fixtures().scalar(insert.arg(2500), {m_clock.now().addDays(-1).toString(Qt::ISODateWithMs)});
    fixtures().scalar(insert.arg(10), {m_clock.now().addDays(1).toString(Qt::ISODateWithMs)});
    QCOMPARE(tokenRows(), 2510);
    QCOMPARE(prune(), 2500);
    QCOMPARE(tokenRows(), 10);
}

QTEST_GUILESS_MAIN(TestRefreshTokenPruning)
#include "tst_refreshtokenpruning.moc"
