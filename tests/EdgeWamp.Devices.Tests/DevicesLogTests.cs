using System.Reflection;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Devices.Tests;

public sealed class DevicesLogTests
{
    [Fact]
    public void EventIds_AreUniqueAndInTheDevicesRange()
    {
        int[] ids = typeof(DevicesLog)
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(a => a.EventId)
            .ToArray();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Length, ids.Distinct().Count());

        // STYLE.md, "Logging": Devices own event IDs 4000-4999.
        Assert.All(ids, id => Assert.InRange(id, 4000, 4999));
    }
}
