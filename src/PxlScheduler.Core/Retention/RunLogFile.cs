namespace PxlScheduler.Core.Retention;

/// <summary>One run log pxl wrote, as the pruner finds it: where it is, when its run started, how big it is.</summary>
internal sealed record RunLogFile(string FullPath, string Display, DateTimeOffset StartedAt, int Suffix, long Bytes);
