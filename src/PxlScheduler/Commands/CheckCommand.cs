using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PxlScheduler.Core.Checks;

namespace PxlScheduler.Commands;

/// <summary>
/// `pxl check`: the prerequisite diagnostic. The built-in checks, then the configured required and
/// optional ones; a table, or `--json` for machines. Exit 1 when a required check fails; an optional
/// failure only warns.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Print the results as JSON instead of a table." };
        var command = new Command("check", "Check the prerequisites of a cycle: folders, command, store and the configured checks.") { json };
        command.SetAction((parse, cancellationToken) => cli.WithServicesAsync((services, ct) => RunAsync(cli, services, parse.GetValue(json), ct), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext cli, IServiceProvider services, bool json, CancellationToken cancellationToken)
    {
        var results = await services.GetRequiredService<PrerequisiteChecker>().RunAllAsync(cancellationToken);
        var blocking = results.Where(r => r.Blocks).ToList();
        if (json)
        {
            WriteJson(cli.Output, results, blocking.Count == 0);
        }
        else
        {
            WriteTable(cli.Output, results);
            var warnings = results.Count(r => !r.Passed && !r.Required);
            cli.Output.WriteLine(blocking.Count == 0
                ? $"pxl check: all required checks passed ({warnings} optional warning(s))"
                : $"pxl check: {blocking.Count} required check(s) failed: {string.Join(", ", blocking.Select(r => r.Name))}");
        }

        return blocking.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<CheckResult> results)
    {
        var nameWidth = Math.Max("CHECK".Length, results.Max(r => r.Name.Length + (r.Required ? 0 : " (optional)".Length)));
        output.WriteLine($"{"STATUS",-6}  {"CHECK".PadRight(nameWidth)}  DETAIL");
        foreach (var result in results)
        {
            var name = result.Required ? result.Name : result.Name + " (optional)";
            output.WriteLine($"{result.Status.ToUpperInvariant(),-6}  {name.PadRight(nameWidth)}  {result.Detail}");
            if (!result.Passed && result.Hint is { Length: > 0 } hint)
            {
                output.WriteLine($"{"",-6}  {"".PadRight(nameWidth)}  hint: {hint}");
            }
        }
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<CheckResult> results, bool ok)
    {
        var document = new JsonObject
        {
            ["ok"] = ok,
            ["checks"] = new JsonArray([.. results.Select(r => new JsonObject
            {
                ["name"] = r.Name,
                ["required"] = r.Required,
                ["status"] = r.Status,
                ["detail"] = r.Detail,
                ["hint"] = r.Hint,
            })]),
        };
        output.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
