using System.Reflection;
using NetArchTest.Rules;
using PxlScheduler.Core;

namespace PxlScheduler.Tests;

/// <summary>
/// The house's layers (README, Architecture): a feature folder uses only the folders below it, never one
/// beside or above it, read from the compiled code (every type a member, signature or method body names).
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>The engine's folders, bottom first. Folders in one row are peers: neither uses the other.</summary>
    private static readonly string[][] CoreLayers =
    [
        ["Processes"],
        ["Files"],
        ["Runs"],
        ["Configuration"],
        ["Storage"],
        ["Schedules"],
        // Below the ledger: a run's events are written to the outbox in the transaction of its SQL row.
        ["Notifications"],
        ["Sandbox", "Checks", "Digests", "Ledger"],
        // Retention reads the ledger's latest.json and Storage; what it must keep comes from its callers above.
        ["Retention"],
        ["Cycles"],
        ["Scheduling"],
    ];

    /// <summary>The executable's folders, bottom first; its root (Program, Cli) is above them all.</summary>
    private static readonly string[][] CliLayers =
    [
        ["Hosting"],
        ["Http"],
        // The dashboard renders what the API reads (its readers, ScheduleActions, the token gate): above Http.
        ["Dashboard"],
        ["Commands"],
    ];

    private static readonly Assembly Core = typeof(PxlServiceCollectionExtensions).Assembly;

    private static readonly Assembly Cli = typeof(PxlScheduler.Cli).Assembly;

    public static TheoryData<string> CoreFolders() => [.. CoreLayers.SelectMany(row => row)];

    public static TheoryData<string> CliFolders() => [.. CliLayers.SelectMany(row => row)];

    [Theory]
    [MemberData(nameof(CoreFolders))]
    public void Core_folder_uses_only_the_folders_below_it(string folder) =>
        AssertUsesOnlyBelow(Core, "PxlScheduler.Core", CoreLayers, folder);

    [Theory]
    [MemberData(nameof(CliFolders))]
    public void Cli_folder_uses_only_the_folders_below_it(string folder) =>
        AssertUsesOnlyBelow(Cli, "PxlScheduler", CliLayers, folder);

    [Fact]
    public void Every_folder_of_the_engine_has_a_layer() => AssertEveryFolderPlaced(Core, "PxlScheduler.Core", CoreLayers);

    [Fact]
    public void Every_folder_of_the_executable_has_a_layer() => AssertEveryFolderPlaced(Cli, "PxlScheduler", CliLayers);

    /// <summary>A new folder must be given its height: otherwise nothing would check what it uses.</summary>
    private static void AssertEveryFolderPlaced(Assembly assembly, string root, string[][] layers)
    {
        var known = layers.SelectMany(row => row).Select(f => $"{root}.{f}").ToHashSet(StringComparer.Ordinal);
        var depth = root.Split('.').Length + 1;
        var unplaced = assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns is not null && ns.StartsWith(root + ".", StringComparison.Ordinal))
            .Select(ns => string.Join('.', ns!.Split('.').Take(depth)))
            .Where(ns => !known.Contains(ns))
            .Distinct()
            .ToList();
        Assert.True(unplaced.Count == 0, $"folders with no layer: {string.Join(", ", unplaced)}");
    }

    /// <summary>
    /// Fails naming each type of <paramref name="folder"/> that uses a peer, a folder above it, or the
    /// assembly's root namespace (which wires everything together, so sits on top).
    /// </summary>
    private static void AssertUsesOnlyBelow(Assembly assembly, string root, string[][] layers, string folder)
    {
        var rank = Array.FindIndex(layers, row => row.Contains(folder));
        var forbidden = layers.Skip(rank).SelectMany(row => row).Where(f => f != folder).Select(f => $"{root}.{f}")
            .Concat(assembly.GetTypes().Where(t => t.Namespace == root && !IsCompilerGenerated(t)).Select(t => t.FullName!))
            .ToArray();
        var result = Types.InAssembly(assembly)
            .That().ResideInNamespace($"{root}.{folder}")
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();
        Assert.True(
            result.IsSuccessful,
            $"{root}.{folder} may use only the folders below it, but these of its types use a peer or a folder above: "
            + string.Join(", ", result.FailingTypeNames ?? []));
    }

    private static bool IsCompilerGenerated(Type type) => type.Name.StartsWith('<');
}
