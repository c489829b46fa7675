// PostgreSQL schema: the official Chainlit data layer's tables (spec E.8, Prisma names for
// constraints and indexes) plus chainlit-cpp side tables, versioned in "ChainlitCppSchema".
// Each numbered step runs in one transaction. Never edit a released step: append one.
#include "data/postgres/pg_schema.hpp"

#include "chainlit/core/log.hpp"

#include <array>

namespace chainlit::data::detail {
namespace {

// Step 1 is written with IF NOT EXISTS throughout, so it adopts an existing Chainlit database.
constexpr const char* step_1 = R"sql(
DO $$ BEGIN
    CREATE EXTENSION IF NOT EXISTS pgcrypto;
EXCEPTION WHEN OTHERS THEN
    -- gen_random_uuid() is built in since PostgreSQL 13; the extension is only a nicety.
    RAISE NOTICE 'pgcrypto not created: %', SQLERRM;
END $$;

DO $$ BEGIN
    CREATE TYPE "StepType" AS ENUM ('assistant_message', 'embedding', 'llm', 'retrieval',
        'rerank', 'run', 'system_message', 'tool', 'undefined', 'user_message');
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;

CREATE TABLE IF NOT EXISTS "User" (
    "id" TEXT NOT NULL DEFAULT gen_random_uuid(),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "metadata" JSONB NOT NULL,
    "identifier" TEXT NOT NULL,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
CREATE INDEX IF NOT EXISTS "User_identifier_idx" ON "User"("identifier");
CREATE UNIQUE INDEX IF NOT EXISTS "User_identifier_key" ON "User"("identifier");

CREATE TABLE IF NOT EXISTS "Thread" (
    "id" TEXT NOT NULL DEFAULT gen_random_uuid(),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),
    "name" TEXT,
    "metadata" JSONB NOT NULL,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "userId" TEXT,
    CONSTRAINT "Thread_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Thread_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id")
        ON DELETE SET NULL ON UPDATE CASCADE
);
-- Databases from the first official migration lack tags.
ALTER TABLE "Thread" ADD COLUMN IF NOT EXISTS "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];
CREATE INDEX IF NOT EXISTS "Thread_createdAt_idx" ON "Thread"("createdAt");
CREATE INDEX IF NOT EXISTS "Thread_name_idx" ON "Thread"("name");

CREATE TABLE IF NOT EXISTS "Step" (
    "id" TEXT NOT NULL DEFAULT gen_random_uuid(),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "parentId" TEXT,
    "threadId" TEXT,
    "input" TEXT,
    "metadata" JSONB NOT NULL,
    "name" TEXT,
    "output" TEXT,
    "type" "StepType" NOT NULL,
    "showInput" TEXT DEFAULT 'json',
    "isError" BOOLEAN DEFAULT false,
    "startTime" TIMESTAMP(3) NOT NULL,
    "endTime" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Step_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Step_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Step"("id")
        ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Step_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "Thread"("id")
        ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX IF NOT EXISTS "Step_createdAt_idx" ON "Step"("createdAt");
CREATE INDEX IF NOT EXISTS "Step_endTime_idx" ON "Step"("endTime");
CREATE INDEX IF NOT EXISTS "Step_parentId_idx" ON "Step"("parentId");
CREATE INDEX IF NOT EXISTS "Step_startTime_idx" ON "Step"("startTime");
CREATE INDEX IF NOT EXISTS "Step_threadId_idx" ON "Step"("threadId");
CREATE INDEX IF NOT EXISTS "Step_type_idx" ON "Step"("type");
CREATE INDEX IF NOT EXISTS "Step_name_idx" ON "Step"("name");
CREATE INDEX IF NOT EXISTS "Step_threadId_startTime_endTime_idx"
    ON "Step"("threadId", "startTime", "endTime");

CREATE TABLE IF NOT EXISTS "Element" (
    "id" TEXT NOT NULL DEFAULT gen_random_uuid(),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "threadId" TEXT,
    "stepId" TEXT NOT NULL,
    "metadata" JSONB NOT NULL,
    "mime" TEXT,
    "name" TEXT NOT NULL,
    "objectKey" TEXT,
    "url" TEXT,
    "chainlitKey" TEXT,
    "display" TEXT,
    "size" TEXT,
    "language" TEXT,
    "page" INTEGER,
    "props" JSONB,
    CONSTRAINT "Element_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Element_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "Step"("id")
        ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Element_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "Thread"("id")
        ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX IF NOT EXISTS "Element_stepId_idx" ON "Element"("stepId");
CREATE INDEX IF NOT EXISTS "Element_threadId_idx" ON "Element"("threadId");

CREATE TABLE IF NOT EXISTS "Feedback" (
    "id" TEXT NOT NULL DEFAULT gen_random_uuid(),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stepId" TEXT,
    "name" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "comment" TEXT,
    CONSTRAINT "Feedback_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Feedback_stepId_fkey" FOREIGN KEY ("stepId") REFERENCES "Step"("id")
        ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX IF NOT EXISTS "Feedback_createdAt_idx" ON "Feedback"("createdAt");
CREATE INDEX IF NOT EXISTS "Feedback_name_idx" ON "Feedback"("name");
CREATE INDEX IF NOT EXISTS "Feedback_stepId_idx" ON "Feedback"("stepId");
CREATE INDEX IF NOT EXISTS "Feedback_value_idx" ON "Feedback"("value");
CREATE INDEX IF NOT EXISTS "Feedback_name_value_idx" ON "Feedback"("name", "value");

-- chainlit-cpp side tables: the official tables stay untouched for the official layer.
-- Users: display name and the app's password hash (the official schema has neither).
CREATE TABLE IF NOT EXISTS "ChainlitCppUser" (
    "userId" TEXT PRIMARY KEY REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "displayName" TEXT,
    "passwordHash" TEXT
);
-- Steps: creation order (TIMESTAMP(3) ties are common at chat speed) and the StepDict keys
-- the official schema drops (command, language, tags, ...), so a resumed chat keeps them.
CREATE TABLE IF NOT EXISTS "ChainlitCppStep" (
    "stepId" TEXT PRIMARY KEY REFERENCES "Step"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    "seq" BIGINT GENERATED ALWAYS AS IDENTITY,
    "extra" JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS "Thread_userId_updatedAt_idx" ON "Thread"("userId", "updatedAt");
CREATE INDEX IF NOT EXISTS "Thread_updatedAt_idx" ON "Thread"("updatedAt");
)sql";

// Removed users, so that a removal revokes the tokens issued before it (data_layer::
// user_removed_at): without this, a token of a removed user would bring the user back.
constexpr const char* step_2 = R"sql(
CREATE TABLE IF NOT EXISTS "ChainlitCppUserRemoval" (
    "identifier" TEXT PRIMARY KEY,
    "removedAt" TIMESTAMP(3) NOT NULL
);
)sql";

constexpr std::array<const char*, 2> steps{step_1, step_2};

} // namespace

result<void> migrate_postgres(pg_connection& conn) {
    // One arbitrary constant shared by every chainlit-cpp process: serialises migrations.
    if (auto r = conn.exec("BEGIN; SELECT pg_advisory_xact_lock(7301844102);"
                           "CREATE TABLE IF NOT EXISTS \"ChainlitCppSchema\" "
                           "(\"version\" INTEGER NOT NULL);");
        !r)
        return r;
    int version = 0;
    bool have_row = false;
    auto read =
        conn.run("SELECT \"version\" FROM \"ChainlitCppSchema\"", {}, [&](const row_view& row) {
            version = std::stoi(row.text(0));
            have_row = true;
        });
    if (!read) {
        (void)conn.exec("ROLLBACK");
        return read.error();
    }
    for (std::size_t i = static_cast<std::size_t>(version); i < steps.size(); ++i) {
        if (auto r = conn.exec(steps[i]); !r) {
            (void)conn.exec("ROLLBACK");
            log().error("data: PostgreSQL schema step {} failed", i + 1);
            return r;
        }
        log().info("data: PostgreSQL schema step {} applied", i + 1);
    }
    const std::string set =
        have_row
            ? "UPDATE \"ChainlitCppSchema\" SET \"version\" = " +
                  std::to_string(std::max<std::size_t>(version, steps.size()))
            : "INSERT INTO \"ChainlitCppSchema\" VALUES (" + std::to_string(steps.size()) + ")";
    if (auto r = conn.exec(set); !r) {
        (void)conn.exec("ROLLBACK");
        return r;
    }
    return conn.exec("COMMIT");
}

} // namespace chainlit::data::detail
