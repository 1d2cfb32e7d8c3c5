using Microsoft.AspNetCore.Http;

namespace Harness.Agent;

/// <summary>Refusals as one plain-text sentence, which the client quotes in the job's error.</summary>
internal static class AgentAnswers
{
    public static Task TextAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }
}
