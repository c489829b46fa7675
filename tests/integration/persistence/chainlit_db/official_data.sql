-- Two users' chats as a Python Chainlit app on the official data layer leaves them (spec E.8):
-- ids are UUID text; a step's startTime and endTime are both its createdAt; a user message
-- starts a run step ("on_message") under which the tool steps and the answer sit; an
-- element's type lives in its metadata only; feedback is a row of its own; the thread's
-- metadata is the persisted user_session (here a counter the app keeps). No chainlit-cpp
-- table exists yet.
INSERT INTO "User" ("id", "createdAt", "updatedAt", "metadata", "identifier") VALUES
    ('11111111-1111-4111-8111-111111111111', '2025-03-01 09:59:00.000', '2025-03-01 09:59:00.000',
     '{"provider": "credentials", "role": "admin"}', 'author'),
    ('22222222-2222-4222-8222-222222222222', '2025-03-01 09:59:30.000', '2025-03-01 09:59:30.000',
     '{"provider": "credentials"}', 'other');

INSERT INTO "Thread" ("id", "createdAt", "updatedAt", "name", "metadata", "userId", "tags")
VALUES
    ('aaaaaaaa-0000-4000-8000-000000000001', '2025-03-01 10:00:00.100', '2025-03-01 10:00:05.500',
     'Trip to Lisbon',
     '{"id": "0f0e0d0c-1111-4222-8333-444455556666", "env": "{}", "chat_settings": {},
       "chat_profile": null, "http_referer": "http://127.0.0.1:8000/", "client_type": "webapp",
       "count": 5}',
     '11111111-1111-4111-8111-111111111111', ARRAY['travel']),
    ('bbbbbbbb-0000-4000-8000-000000000001', '2025-03-01 11:00:00.000', '2025-03-01 11:00:02.000',
     'Private plans', '{}', '22222222-2222-4222-8222-222222222222', ARRAY[]::TEXT[]);

INSERT INTO "Step" ("id", "createdAt", "updatedAt", "parentId", "threadId", "input", "metadata",
                    "name", "output", "type", "showInput", "isError", "startTime", "endTime")
VALUES
    ('a1000000-0000-4000-8000-000000000001', '2025-03-01 10:00:01.000', '2025-03-01 10:00:01.000',
     NULL, 'aaaaaaaa-0000-4000-8000-000000000001', '', '{}', 'author',
     'Plan two days in Lisbon', 'user_message', 'json', false,
     '2025-03-01 10:00:01.000', '2025-03-01 10:00:01.000'),
    ('a1000000-0000-4000-8000-000000000002', '2025-03-01 10:00:01.010', '2025-03-01 10:00:02.100',
     'a1000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001',
     'Plan two days in Lisbon', '{}', 'on_message', '', 'run', 'json', false,
     '2025-03-01 10:00:01.010', '2025-03-01 10:00:01.010'),
    ('a1000000-0000-4000-8000-000000000003', '2025-03-01 10:00:01.500', '2025-03-01 10:00:01.900',
     'a1000000-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000001',
     '{"city": "Lisbon"}', '{}', 'search_guides', '3 guides found', 'tool', 'json', false,
     '2025-03-01 10:00:01.500', '2025-03-01 10:00:01.500'),
    ('a1000000-0000-4000-8000-000000000004', '2025-03-01 10:00:02.000', '2025-03-01 10:00:02.000',
     'a1000000-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000001', '', '{}',
     'Assistant', 'Day 1: Alfama. Day 2: Belem.', 'assistant_message', 'json', false,
     '2025-03-01 10:00:02.000', '2025-03-01 10:00:02.000'),
    ('a1000000-0000-4000-8000-000000000005', '2025-03-01 10:00:05.000', '2025-03-01 10:00:05.000',
     NULL, 'aaaaaaaa-0000-4000-8000-000000000001', '', '{}', 'author', 'Thanks!', 'user_message',
     'json', false, '2025-03-01 10:00:05.000', '2025-03-01 10:00:05.000'),
    ('a1000000-0000-4000-8000-000000000006', '2025-03-01 10:00:05.010', '2025-03-01 10:00:05.600',
     'a1000000-0000-4000-8000-000000000005', 'aaaaaaaa-0000-4000-8000-000000000001', 'Thanks!',
     '{}', 'on_message', '', 'run', 'json', false,
     '2025-03-01 10:00:05.010', '2025-03-01 10:00:05.010'),
    ('a1000000-0000-4000-8000-000000000007', '2025-03-01 10:00:05.500', '2025-03-01 10:00:05.500',
     'a1000000-0000-4000-8000-000000000006', 'aaaaaaaa-0000-4000-8000-000000000001', '', '{}',
     'Assistant', 'Enjoy the trip.', 'assistant_message', 'json', false,
     '2025-03-01 10:00:05.500', '2025-03-01 10:00:05.500'),
    ('b1000000-0000-4000-8000-000000000001', '2025-03-01 11:00:01.000', '2025-03-01 11:00:01.000',
     NULL, 'bbbbbbbb-0000-4000-8000-000000000001', '', '{}', 'other', 'my secret plan',
     'user_message', 'json', false, '2025-03-01 11:00:01.000', '2025-03-01 11:00:01.000'),
    ('b1000000-0000-4000-8000-000000000002', '2025-03-01 11:00:02.000', '2025-03-01 11:00:02.000',
     'b1000000-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000001', '', '{}',
     'Assistant', 'noted', 'assistant_message', 'json', false,
     '2025-03-01 11:00:02.000', '2025-03-01 11:00:02.000');

INSERT INTO "Element" ("id", "createdAt", "updatedAt", "threadId", "stepId", "metadata", "mime",
                       "name", "objectKey", "url", "chainlitKey", "display", "size", "language",
                       "page", "props")
VALUES
    ('e1000000-0000-4000-8000-000000000001', '2025-03-01 10:00:02.000', '2025-03-01 10:00:02.000',
     'aaaaaaaa-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000004',
     '{"size": "medium", "language": null, "display": "inline", "type": "image", "page": null}',
     'image/png', 'map', NULL, 'http://127.0.0.1:9/lisbon-map.png', NULL, 'inline', 'medium', NULL,
     NULL, '{}'),
    ('e1000000-0000-4000-8000-000000000002', '2025-03-01 10:00:02.000', '2025-03-01 10:00:02.000',
     'aaaaaaaa-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000004',
     '{"size": null, "language": null, "display": "side", "type": "pdf", "page": 2}',
     'application/pdf', 'guide', NULL, 'http://127.0.0.1:9/guide.pdf', NULL, 'side', NULL, NULL,
     2, '{}');

INSERT INTO "Feedback" ("id", "createdAt", "updatedAt", "stepId", "name", "value", "comment")
VALUES
    ('f1000000-0000-4000-8000-000000000001', '2025-03-01 10:00:03.000', '2025-03-01 10:00:03.000',
     'a1000000-0000-4000-8000-000000000004', 'user_feedback', 1, 'Very useful'),
    ('f1000000-0000-4000-8000-000000000002', '2025-03-01 11:00:03.000', '2025-03-01 11:00:03.000',
     'b1000000-0000-4000-8000-000000000002', 'user_feedback', 0, 'meh');
