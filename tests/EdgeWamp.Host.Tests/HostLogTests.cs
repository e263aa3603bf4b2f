using System.Reflection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeWamp.Host.Tests;

public sealed class HostLogTests
{
    [Fact]
    public void EventIds_AreUniqueAndInTheHostRange()
    {
        int[] ids = typeof(HostLog)
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(a => a.EventId)
            .ToArray();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Length, ids.Distinct().Count());

        // STYLE.md, "Logging": the Host owns event IDs 5000-5999.
        Assert.All(ids, id => Assert.InRange(id, 5000, 5999));
    }
}
