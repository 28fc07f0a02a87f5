package how.mana.ai.db;

/**
 * A statement that must touch exactly one row touched another number: a broken invariant, never something to carry
 * on from. Thrown inside the transaction, so the transaction rolls back; names the statement, the table and the
 * counts, never a row's contents.
 */
public final class UnexpectedRowCount extends IllegalStateException {
    private final String table;
    private final int actual;

    private UnexpectedRowCount(String statement, String table, int actual) {
        super(statement + " touched " + actual + " rows of " + table + ", expected exactly 1");
        this.table = table;
        this.actual = actual;
    }

    /**
     * @param statement what the statement does, for the message ("mark the slot finished")
     * @param actual    the count {@code executeUpdate} returned
     * @throws UnexpectedRowCount unless {@code actual} is 1
     */
    public static void requireOne(String statement, String table, int actual) {
        if (actual != 1) {
            throw new UnexpectedRowCount(statement, table, actual);
        }
    }

    public String table() {
        return table;
    }

    public int actual() {
        return actual;
    }
}
