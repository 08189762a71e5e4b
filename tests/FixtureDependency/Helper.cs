namespace FixtureDependency;

public static class Helper
{
    public static string Name => "fixture dependency";
}
