using System.CommandLine;
using Repro.Cli.CommandLine;

namespace Repro.Cli.Commands;

/// <summary>`repro query "SQL"`: its arguments and options; the work is <see cref="QueryCommand"/>'s.</summary>
public static class QueryCommandLine
{
    public static Command Create(CommandContext context)
    {
        var shared = context.Shared;
        var sql = new Argument<string?>("sql")
        {
            Description = "SQL (DuckDB), e.g. \"SELECT * FROM summary\"; one table per statement; see --list for the views",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = new Option<string?>("--out") { Description = "write the result to FILE.csv (with a header) or FILE.parquet instead of printing a table" };
        var list = new Option<bool>("--list") { Description = "list the views (one per published table, and metrics, summary, references across specs)" };
        var external = new Option<bool>("--allow-external")
        {
            Description = "let the SQL read and write any file you can, ATTACH databases and install extensions (by default it reads only the published Parquet files and writes only --out)",
        };
        var query = new Command("query", "run SQL over the published Parquet files (DuckDB; does not load libtorch)") { sql, shared.Results, output, list, external };
        query.SetAction(p => context.Run(() => QueryCommand.Execute(p.GetValue(sql), p.GetValue(shared.Results)!, p.GetValue(output), p.GetValue(list), context.Stdout, p.GetValue(external), context.Interrupt)));
        return query;
    }
}
