using System.Reflection;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Transports.Tests;

public sealed class TransportLogTests
{
    [Fact]
    public void EventIds_AreUniqueAndInTheTransportsRange()
    {
        int[] ids = typeof(TransportLog)
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(a => a.EventId)
            .ToArray();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Length, ids.Distinct().Count());

        // STYLE.md, "Logging": Transports own event IDs 3000-3999.
        Assert.All(ids, id => Assert.InRange(id, 3000, 3999));
    }
}
