using Microsoft.AspNetCore.Http;

namespace PxlScheduler.Http;

/// <summary>The API's refusals as <c>application/problem+json</c>.</summary>
internal static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    public static IResult BadParameter(string parameter, string detail) =>
        Result(Of(StatusCodes.Status400BadRequest, "bad parameter", detail) with { Parameter = parameter });

    public static IResult NotFound(string detail) => Result(Of(StatusCodes.Status404NotFound, "not found", detail));

    public static IResult Conflict(string detail) => Result(Of(StatusCodes.Status409Conflict, "refused", detail));

    public static ApiProblem Of(int status, string title, string detail) =>
        new($"https://pxl.invalid/problems/{title.Replace(' ', '-')}", title, status, detail);

    public static IResult Result(ApiProblem problem) => Results.Json(problem, ApiJson.Api.ApiProblem, ContentType, problem.Status);
}
