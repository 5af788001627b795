using System.IO.Compression;
using System.Text;

namespace PxlScheduler.Tests.Digests;

/// <summary>The digest file and its archives in a test workspace, read the way an operator would: gunzip and concatenate.</summary>
internal static class DigestFiles
{
    public const string Source = "state/planner_digests.jsonl";

    public const string Archives = "state/planner_digest_archives";

    public static void Append(string root, string text)
    {
        var path = Path.Combine(root, Source);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.AppendAllText(path, text);
    }

    /// <summary>The archive files, by name (which is their order within one second, suffixes aside).</summary>
    public static IReadOnlyList<string> List(string root) =>
        Directory.Exists(Path.Combine(root, Archives))
            ? Directory.GetFiles(Path.Combine(root, Archives), "*.gz").Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal).ToList()
            : [];

    public static string Decompress(string root, string relativePath)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(root, relativePath)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
