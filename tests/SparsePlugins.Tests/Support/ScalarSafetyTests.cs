using System.Reflection;
using SparsePlugins.Abstractions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SparsePlugins.Tests.Support;

/// <summary>
/// TorchSharp overloads that convert a number to a native Scalar inside their own body (the alpha = 1 of add, the
/// exponent of square, ...) leave that Scalar unreachable during the native call, so a GC on another thread can free
/// it mid-call. BannedSymbols.txt makes the compiler reject them; this test finds them in TorchSharp's IL, so that a
/// TorchSharp upgrade that adds such an overload fails here instead of at random in a long run.
/// </summary>
public sealed class ScalarSafetyTests
{
    [Fact]
    public void Every_TorchSharp_method_that_creates_a_temporary_Scalar_is_banned()
    {
        var banned = File.ReadAllLines(Path.Combine(TestPaths.Repository, "BannedSymbols.txt"))
            .Where(l => l.StartsWith("M:", StringComparison.Ordinal))
            .Select(l => l.Split(';')[0])
            .ToHashSet(StringComparer.Ordinal);
        var missing = TemporaryScalarMethods().Select(DocumentationId).Where(id => !banned.Contains(id)).Order().ToList();
        Assert.True(missing.Count == 0,
            "Add these lines (with a message) to BannedSymbols.txt:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_scan_finds_the_overloads_known_to_create_temporaries()
    {
        var found = TemporaryScalarMethods().Select(DocumentationId).ToHashSet();
        Assert.Contains("M:TorchSharp.torch.Tensor.add_(TorchSharp.torch.Tensor)", found);
        Assert.Contains("M:TorchSharp.torch.Tensor.square", found);
        Assert.Contains("M:TorchSharp.torch.Tensor.op_Addition(TorchSharp.torch.Tensor,TorchSharp.torch.Tensor)", found);
        Assert.DoesNotContain("M:TorchSharp.torch.Tensor.add_(TorchSharp.torch.Tensor,TorchSharp.Scalar)", found);
        Assert.DoesNotContain("M:TorchSharp.torch.Tensor.sub(TorchSharp.torch.Tensor)", found);
    }

    [Fact]
    public void TensorMath_matches_the_TorchSharp_operations_it_replaces()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 1.0, -2.0, 3.0 });
        var b = tensor(new[] { 0.5, 4.0, -1.0 });
        Assert.Equal(new[] { 1.5, 2.0, 2.0 }, a.Plus(b).data<double>().ToArray());
        Assert.Equal(new[] { 3.5, 0.5, 5.5 }, a.Plus(2.5).data<double>().ToArray());
        Assert.Equal(new[] { -1.0, -4.0, 1.0 }, a.Minus(2).data<double>().ToArray());
        Assert.Equal(new[] { 3.0, -6.0, 9.0 }, a.Times(3).data<double>().ToArray());
        Assert.Equal(new[] { 0.5, -1.0, 1.5 }, a.DividedBy(2).data<double>().ToArray());
        Assert.Equal(new[] { 1.0, 4.0, 9.0 }, a.Squared().data<double>().ToArray());
        Assert.Equal(new[] { 7.0, 7.0 }, TensorMath.FullLike(zeros(2, dtype: float64), 7).data<double>().ToArray());
        var c = a.clone();
        c.AddInPlace(b).AddInPlace(b, -2).AddInPlace(1);
        Assert.Equal(new[] { 1.5, -5.0, 5.0 }, c.data<double>().ToArray());
        c.MaskedFillInPlace(c.lt(zeros_like(c)), 0);
        Assert.Equal(new[] { 1.5, 0.0, 5.0 }, c.data<double>().ToArray());

        // Squared keeps square()'s gradient, 2x.
        var x = tensor(new[] { 1.5, -2.0 }, requires_grad: true);
        x.Squared().sum().backward();
        Assert.Equal(new[] { 3.0, -4.0 }, x.grad!.data<double>().ToArray());
    }

    private static IEnumerable<MethodBase> TemporaryScalarMethods()
    {
        var assembly = typeof(Scalar).Assembly;
        var conversions = typeof(Scalar).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == "op_Implicit" && m.ReturnType == typeof(Scalar)).Cast<MethodBase>().ToHashSet();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var calls = new Dictionary<MethodBase, List<MethodBase>>();
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
                if (il is null) continue;
                calls[method] = Callees(method, il).ToList();
            }
        }

        // A method is unsafe when it converts a number itself or calls a method that does (transitively).
        var unsafeMethods = new HashSet<MethodBase>(conversions);
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach (var (method, callees) in calls)
            {
                if (!unsafeMethods.Contains(method) && callees.Any(unsafeMethods.Contains)) changed = unsafeMethods.Add(method);
            }
        }
        return unsafeMethods.Where(m => !conversions.Contains(m) && IsBannable(m));
    }

    /// <summary>Public, non-generic members of public types: what a user's code can call and a doc ID can name.</summary>
    private static bool IsBannable(MethodBase method) =>
        method is MethodInfo { IsPublic: true, IsGenericMethod: false, IsSpecialName: var special } info &&
        (!special || info.Name.StartsWith("op_", StringComparison.Ordinal)) &&
        method.DeclaringType is { IsGenericType: false } type && IsVisible(type);

    private static bool IsVisible(Type type) =>
        type.IsPublic || (type.IsNestedPublic && IsVisible(type.DeclaringType!));

    /// <summary>Methods called by call/callvirt/newobj in <paramref name="il"/> (a linear scan of the opcode bytes;
    /// a false hit needs a method token in an operand, which the resolver rejects).</summary>
    private static IEnumerable<MethodBase> Callees(MethodBase method, byte[] il)
    {
        for (int i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] is not (0x28 or 0x6F or 0x73)) continue;
            int token = BitConverter.ToInt32(il, i + 1);
            if ((token >> 24) is not (0x06 or 0x0A or 0x2B)) continue;
            MethodBase? callee = null;
            try
            {
                callee = method.Module.ResolveMethod(token,
                    method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null,
                    method.IsGenericMethod ? method.GetGenericArguments() : null);
            }
            catch (ArgumentException)
            {
            }
            if (callee is not null) yield return callee;
        }
    }

    private static string DocumentationId(MethodBase method)
    {
        var parameters = method.GetParameters();
        var id = $"M:{TypeName(method.DeclaringType!)}.{method.Name}";
        if (parameters.Length > 0) id += "(" + string.Join(",", parameters.Select(p => TypeName(p.ParameterType))) + ")";
        if (method.Name is "op_Implicit" or "op_Explicit") id += "~" + TypeName(((MethodInfo)method).ReturnType);
        return id;
    }

    private static string TypeName(Type type)
    {
        if (type.IsByRef) return TypeName(type.GetElementType()!) + "@";
        if (type.IsArray) return TypeName(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (type.IsGenericParameter) return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        var name = type.IsNested ? TypeName(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        if (type.IsGenericType)
        {
            name = name[..name.IndexOf('`')];
            if (type.IsConstructedGenericType) name += "{" + string.Join(",", type.GetGenericArguments().Select(TypeName)) + "}";
        }
        return name;
    }
}
