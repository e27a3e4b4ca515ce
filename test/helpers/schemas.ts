/** Drizzle schema files the tests feed to real `drizzle-kit generate`. */

/** one table */
export const USERS = `import { pgTable, serial, text } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull() });
`;

/** users, posts with a foreign key, an enum; with `postsIndex`, an index on posts.user_id too */
function usersAndPosts(postsIndex: boolean): string {
  return `import { ${postsIndex ? 'index, ' : ''}integer, pgEnum, pgTable, serial, text } from 'drizzle-orm/pg-core';
export const status = pgEnum('status', ['draft', 'published']);
export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull() });
export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  status: status('status').default('draft').notNull(),
}${postsIndex ? ", (t) => [index('posts_user_idx').on(t.userId)]" : ''});
`;
}

export const USERS_AND_POSTS = usersAndPosts(false);

/** USERS_AND_POSTS plus an index on posts.user_id: the dev-loop tests' first schema */
export const BLOG_V1 = usersAndPosts(true);

/** BLOG_V1 with a nullable bio column on users: the dev-loop tests' second schema (0001_bio) */
export const BLOG_V2 = BLOG_V1.replace(`name: text('name').notNull() }`, `name: text('name').notNull(), bio: text('bio') }`);
