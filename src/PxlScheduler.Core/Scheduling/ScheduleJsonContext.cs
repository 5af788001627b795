using System.Text.Json.Serialization;

namespace PxlScheduler.Core.Scheduling;

/// <summary>Source-generated JSON for the schedule stored in job data.</summary>
[JsonSerializable(typeof(CycleJobData.ScheduleDto))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
internal sealed partial class ScheduleJsonContext : JsonSerializerContext;
