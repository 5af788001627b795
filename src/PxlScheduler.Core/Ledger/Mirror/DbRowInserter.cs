using System.Data.Common;
using System.Text;
using PxlScheduler.Core.Ledger.Reading;

namespace PxlScheduler.Core.Ledger.Mirror;

/// <summary>
/// The inserter for PostgreSQL: one prepared, parameterized statement reused for every row of the
/// transaction. A row costs a round trip (about 0.1 ms on loopback), which reconciliation, reading only
/// the lines since its checkpoint, hardly notices.
/// </summary>
internal sealed class DbRowInserter : IRowInserter
{
    private readonly DbCommand _command;
    private readonly object[] _values = new object[RunColumns.All.Count];

    public DbRowInserter(DbConnection connection, DbTransaction transaction, string table)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = RunColumns.InsertOrIgnore(table);
        for (var i = 0; i < RunColumns.All.Count; i++)
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "p" + i;
            parameter.DbType = i is 7 or 9 or 10 or 13 or 14 ? System.Data.DbType.Int64 : System.Data.DbType.String;
            _command.Parameters.Add(parameter);
        }

        _command.Prepare();
    }

    public bool Insert(ReadOnlySpan<byte> line, CanonicalFields fields)
    {
        for (var i = 0; i < CanonicalFields.Count; i++)
        {
            _values[i] = fields.Kinds[i] switch
            {
                FieldKind.Text => Encoding.UTF8.GetString(line.Slice(fields.Starts[i], fields.Lengths[i])),
                FieldKind.Integer => fields.Integers[i],
                _ => DBNull.Value,
            };
        }

        _values[CanonicalFields.Count] = DBNull.Value;
        return Execute();
    }

    public bool Insert(RunRow row)
    {
        row.CopyTo(_values);
        return Execute();
    }

    public void Dispose() => _command.Dispose();

    private bool Execute()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            _command.Parameters[i].Value = _values[i];
        }

        return _command.ExecuteNonQuery() == 1;
    }
}
