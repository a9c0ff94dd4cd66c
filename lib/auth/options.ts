import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { prisma } from "../db/client.ts";
import { env } from "../env.mjs";
import { linkGitHubAccount } from "./link-github-account.ts";
import { verifyPassword } from "./password.ts";
import { authSecret } from "./secret.ts";

export function githubSignInEnabled(): boolean {
  return !!(env.GITHUB_ID && env.GITHUB_SECRET);
}

export function authOptions(): AuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const email = credentials?.email?.trim().toLowerCase();
          if (!email || !credentials?.password) return null;
          const user = await prisma.user.findUnique({ where: { email } });
          if (!user || user.disabled) return null;
          if (!(await verifyPassword(credentials.password, user.passwordHash))) return null;
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
      ...(githubSignInEnabled()
        ? [GitHubProvider({ clientId: env.GITHUB_ID!, clientSecret: env.GITHUB_SECRET! })]
        : []),
    ],
    callbacks: {
      async signIn({ account, profile, user }) {
        if (account?.provider !== "github") return true;
        const linked = await linkGitHubAccount({
          providerAccountId: account.providerAccountId,
          email: user.email ?? profile?.email ?? null,
          name: user.name ?? null,
        });
        if (!linked) return "/signin?error=AccessDenied";
        user.id = linked.id;
        return true;
      },
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: token.sub };
      },
    },
  };
}
