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
        ["Sandbox", "Checks", "Digests", "Ledger"],
        ["Cycles"],
        ["Scheduling"],
    ];

    /// <summary>The executable's folders, bottom first; its root (Program, Cli) is above them all.</summary>
    private static readonly string[][] CliLayers =
    [
        ["Hosting"],
        ["Http"],
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
    public void Every_folder_of_the_engine_has_a_layer()
    {
        var known = CoreLayers.SelectMany(row => row).Select(f => "PxlScheduler.Core." + f).ToHashSet(StringComparer.Ordinal);
        var unplaced = Core.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns is not null && ns.StartsWith("PxlScheduler.Core.", StringComparison.Ordinal))
            .Select(ns => string.Join('.', ns!.Split('.').Take(3)))
            .Where(ns => !known.Contains(ns))
            .Distinct()
            .ToList();
        Assert.True(unplaced.Count == 0, $"folders with no layer in {nameof(CoreLayers)}: {string.Join(", ", unplaced)}");
    }

    [Fact]
    public void Every_folder_of_the_executable_has_a_layer()
    {
        var known = CliLayers.SelectMany(row => row).Select(f => "PxlScheduler." + f).ToHashSet(StringComparer.Ordinal);
        var unplaced = Cli.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns is not null && ns.StartsWith("PxlScheduler.", StringComparison.Ordinal))
            .Select(ns => string.Join('.', ns!.Split('.').Take(2)))
            .Where(ns => !known.Contains(ns))
            .Distinct()
            .ToList();
        Assert.True(unplaced.Count == 0, $"folders with no layer in {nameof(CliLayers)}: {string.Join(", ", unplaced)}");
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
