using System.Data.Common;
using System.Text;
using PxlScheduler.Core.Ledger.Reading;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// The inserter for PostgreSQL, in one of two ways. Row by row: one prepared, parameterized statement per
/// row, which tells exactly whether the row was new; a round trip each (about 0.1–0.2 ms on loopback), fine
/// for reconciliation, which reads only the lines since its checkpoint. Batched, for a table that holds none
/// of the rows coming (a rebuild after deleting them, verify's temporary table): rows go in groups of
/// <see cref="BatchRows"/> in one multi-row statement, and a row is new unless its run_id came earlier in
/// this import. The group still ignores a run_id already stored, so a row of another node is never replaced.
/// </summary>
internal sealed class DbRowInserter : IRowInserter
{
    /// <summary>Rows per batched statement: 18 parameters each stays well inside PostgreSQL's 65,535.</summary>
    public const int BatchRows = 500;

    private static readonly int Columns = RunColumns.All.Count;

    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly string _table;
    private readonly HashSet<string>? _seen;
    private readonly List<object[]> _pending = [];
    private DbCommand? _command;

    public DbRowInserter(DbConnection connection, DbTransaction transaction, string table, bool batched)
    {
        (_connection, _transaction, _table) = (connection, transaction, table);
        _seen = batched ? new HashSet<string>(StringComparer.Ordinal) : null;
    }

    public bool Insert(ReadOnlySpan<byte> line, CanonicalFields fields)
    {
        var values = new object[Columns];
        for (var i = 0; i < CanonicalFields.Count; i++)
        {
            values[i] = fields.Kinds[i] switch
            {
                FieldKind.Text => Encoding.UTF8.GetString(line.Slice(fields.Starts[i], fields.Lengths[i])),
                FieldKind.Integer => fields.Integers[i],
                _ => DBNull.Value,
            };
        }

        values[CanonicalFields.Count] = DBNull.Value;
        return Add(values);
    }

    public bool Insert(RunRow row)
    {
        var values = new object[Columns];
        row.CopyTo(values);
        return Add(values);
    }

    /// <summary>Writes the rows still pending; a failure here fails the transaction it belongs to.</summary>
    public void Dispose()
    {
        if (_pending.Count > 0)
        {
            Execute(_pending.Count);
        }

        _command?.Dispose();
    }

    private bool Add(object[] values)
    {
        if (_seen is null)
        {
            _pending.Add(values);
            return Execute(1) == 1;
        }

        if (!_seen.Add((string)values[0]))
        {
            return false;
        }

        _pending.Add(values);
        if (_pending.Count == BatchRows)
        {
            Execute(BatchRows);
        }

        return true;
    }

    /// <summary>Inserts the pending rows in one statement (prepared once per group size); returns how many were new.</summary>
    private int Execute(int rows)
    {
        if (_command is null || _command.Parameters.Count != rows * Columns)
        {
            _command?.Dispose();
            _command = _connection.CreateCommand();
            _command.Transaction = _transaction;
            var groups = Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", Enumerable.Range(0, Columns).Select(c => $"@p{(r * Columns) + c}")) + ")");
            _command.CommandText = $"INSERT INTO {_table} ({string.Join(", ", RunColumns.All)}) VALUES {string.Join(", ", groups)} ON CONFLICT (run_id) DO NOTHING";
            for (var i = 0; i < rows * Columns; i++)
            {
                var parameter = _command.CreateParameter();
                parameter.ParameterName = "p" + i;
                parameter.DbType = RunColumns.DbTypes[i % Columns];
                _command.Parameters.Add(parameter);
            }

            _command.Prepare();
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                _command.Parameters[(r * Columns) + c].Value = _pending[r][c];
            }
        }

        _pending.Clear();
        return _command.ExecuteNonQuery();
    }
}
