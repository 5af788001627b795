namespace PxlScheduler.Core.Retention;

/// <summary>A run log pruned (or, on a dry run, to be pruned) and the rule that pruned it.</summary>
internal sealed record PrunedRunLog(string Path, long Bytes, string Reason);
